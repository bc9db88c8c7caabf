"""Shim for ``scrapyd-deploy``, which builds its egg with ``python setup.py bdist_egg``.

Without this file scrapyd-deploy writes its own setup.py into the tree. All configuration is
in pyproject.toml (packages, package data, the ``scrapy`` settings entry point).
"""

from setuptools import setup

setup()
