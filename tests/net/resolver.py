"""A real resolver for tests, standing in for DNS: names from the ``TEST_HOSTS`` setting.

``TEST_HOSTS = "intranet.test=127.0.0.2,allowed.test=127.0.0.3"``; IP literals resolve to
themselves, every other name fails like a name that does not exist. Tests set it as the
upstream of the guarded resolver (``NETWORK_GUARD_RESOLVER``), so the guard under test is the
one a crawl uses, fed with answers the machine's offline DNS could not give.
"""

from __future__ import annotations

from typing import Any

from twisted.internet import defer
from twisted.internet.abstract import isIPAddress, isIPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer


def parse_hosts(value: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {name.strip().lower(): address.strip() for name, address in pairs}


@implementer(IResolverSimple)
class MappedResolver:
    def __init__(self, reactor: Any, hosts: dict[str, str]) -> None:
        self.reactor = reactor
        self.hosts = hosts

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> MappedResolver:
        return cls(reactor, parse_hosts(crawler.settings.get("TEST_HOSTS") or ""))

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:
        if isIPAddress(name) or isIPv6Address(name):
            return defer.succeed(name)
        address = self.hosts.get(name.lower())
        if address is None:
            return defer.fail(DNSLookupError(name))
        return defer.succeed(address)
