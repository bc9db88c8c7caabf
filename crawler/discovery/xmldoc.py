"""Tolerant loading of XML documents (feeds, sitemaps) as they come off the wire.

Real feeds and sitemaps are often gzipped, declared in a legacy encoding, namespaced in
odd ways, padded with a BOM or blank lines, or plain broken. ``load_xml`` copes with all of
that and never raises: it returns the root element, or None for garbage.
"""

from __future__ import annotations

import logging
import re
import zlib
from typing import Literal

from lxml import etree

from crawler.encoding import decode_html

logger = logging.getLogger(__name__)

DocumentKind = Literal["rss", "rdf", "atom", "urlset", "sitemapindex"]
GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_SIZE = 64 * 1024 * 1024  # decompressed; sitemaps are at most 50 MB by protocol

_ROOT_KINDS: dict[str, DocumentKind] = {
    "rss": "rss", "rdf": "rdf", "feed": "atom", "urlset": "urlset", "sitemapindex": "sitemapindex",
}
# The first element of a document, skipping the prolog, comments, doctype and processing instructions.
_FIRST_TAG = re.compile(rb"<(?![?!])\s*(?:[\w.-]+:)?([\w.-]+)")
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)


def gunzip(data: bytes, max_size: int = DEFAULT_MAX_SIZE) -> bytes | None:
    """Decompress gzip data; a truncated stream keeps what could be read; None when too large."""
    out = bytearray()
    while data:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decompressor.decompress(data, max_size + 1 - len(out))
        except zlib.error as error:
            logger.warning("Broken gzip stream (%s): kept %d bytes", error, len(out))
            break
        if len(out) > max_size or decompressor.unconsumed_tail:
            logger.warning("Gzipped document larger than %d bytes once decompressed", max_size)
            return None
        if not decompressor.eof:
            logger.warning("Truncated gzip stream: kept %d bytes", len(out))
            break
        data = decompressor.unused_data  # a further gzip member, rarely
    return bytes(out)


def decompressed(body: bytes, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """The body, gunzipped when it starts with the gzip magic number."""
    if body[:2] == GZIP_MAGIC:
        return gunzip(body, max_size) or b""
    return body


def _trimmed(body: bytes) -> bytes:
    """Drop a UTF-8 BOM and leading white space: both make the XML declaration illegal."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16: leave it to lxml
        return body
    return body.lstrip()


def _head(body: bytes, size: int = 4096) -> bytes:
    """The first ``size`` bytes of the (decompressed) document."""
    if body[:2] != GZIP_MAGIC:
        return body[:size]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[: 64 * 1024], size)
    except zlib.error:
        return b""


def sniff_kind(body: bytes) -> DocumentKind | None:
    """What a document is, from its first element name: cheap, for routing responses."""
    head = _trimmed(_head(body))
    match = _FIRST_TAG.search(head)
    if not match:
        return None
    return _ROOT_KINDS.get(match.group(1).decode("ascii", "replace").lower())


def _parser() -> etree.XMLParser:
    # No entities and no network: a feed must not make us read files or fetch URLs (XXE).
    return etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, remove_comments=True,
        remove_pis=True, huge_tree=False, strip_cdata=True,
    )


def _readable(data: bytes, fallback_encoding: str | None) -> bytes:
    """The document as is when it decodes in its declared encoding (else UTF-8), otherwise
    re-encoded as UTF-8 (with its prolog saying so) in the encoding ``decode_html`` finds."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data  # UTF-16 with a BOM: lxml reads it
    declared = _DECLARED_ENCODING.match(data)
    try:
        data.decode(declared.group(1).decode("ascii") if declared else "utf-8")
        return data
    except UnicodeDecodeError:
        pass
    except LookupError:
        return data  # a name Python does not know; lxml may
    _, text = decode_html(data, fallback_encoding)
    utf8 = text.encode("utf-8")
    if declared:
        utf8 = utf8[:declared.start(1)] + b"utf-8" + utf8[declared.end(1):]  # the prolog is ASCII: same offsets
    return utf8


def load_xml(body: bytes, fallback_encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE) -> etree._Element | None:
    """The root element of a (possibly gzipped, badly encoded or broken) XML document.

    The encoding declared in the XML prolog (else UTF-8) is used when the bytes decode in it;
    when they do not, the encoding is decided as for HTML pages (``crawler.encoding``), with
    ``fallback_encoding`` (the HTTP charset) and the prolog as the declarations.
    """
    data = _trimmed(decompressed(body, max_size))
    if not data:
        return None
    data = _readable(data, fallback_encoding)
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        logger.debug("Unreadable XML: %s", error)
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return root


def local_name(element: etree._Element) -> str:
    """An element's name without namespace or prefix, lower-cased."""
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def document_kind(root: etree._Element | None) -> DocumentKind | None:
    return _ROOT_KINDS.get(local_name(root)) if root is not None else None


def children_named(element: etree._Element, *names: str) -> list[etree._Element]:
    """Direct children whose local name is one of ``names`` (any namespace or none)."""
    wanted = set(names)
    return [child for child in element if isinstance(child.tag, str) and local_name(child) in wanted]


def descendants_named(element: etree._Element, *names: str) -> list[etree._Element]:
    wanted = set(names)
    return [node for node in element.iter() if isinstance(node.tag, str) and local_name(node) in wanted]


def child_text(element: etree._Element, *names: str) -> str | None:
    """The stripped text of the first child named one of ``names`` that has any."""
    for name in names:
        for child in children_named(element, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None
