"""A DNS resolver that refuses host names resolving to loopback, private or metadata addresses.

``crawler.net.addresses`` refuses such addresses written into URLs; a host name is only known
to be dangerous once resolved (``internal.example.com`` -> 10.0.0.5, or a name whose owner
points it at 127.0.0.1). This resolver wraps Scrapy's own (``NETWORK_GUARD_RESOLVER``, by
default ``scrapy.resolver.CachingThreadedResolver``: its cache and ``DNS_TIMEOUT`` stay) and
drops every forbidden address before the connection is made. The check happens on the very
addresses the connection then uses, so a name that answers with a public address to one
lookup and a private one to the next (DNS rebinding) gains nothing.

Installed with ``TWISTED_DNS_RESOLVER = "crawler.net.resolve.GuardedResolver"``. The
resolver belongs to the process, not to a crawl, so refusals are also kept in a registry
that ``NetworkGuardMiddleware`` reads: it counts them and refuses retries of such hosts
before they are sent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer, provider

from crawler.net.addresses import address_allowed, parse_allowlist

logger = logging.getLogger(__name__)

DEFAULT_UPSTREAM = "scrapy.resolver.CachingThreadedResolver"

_refused: dict[str, str] = {}  # "host:port" -> the forbidden address the host resolved to


def refused_address(host: str, port: int) -> str | None:
    """The forbidden address ``host`` resolved to when connecting to ``port``, or None."""
    return _refused.get(f"{host.lower()}:{port}")


@provider(IResolutionReceiver)
class _FilteringReceiver:
    """Passes on the allowed addresses of one resolution, drops the others."""

    def __init__(self, receiver: IResolutionReceiver, host: str, port: int, allowlist: frozenset[str]) -> None:
        self.receiver = receiver
        self.host = host
        self.port = port
        self.allowlist = allowlist
        self.passed = 0
        self.dropped: list[str] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        host = getattr(address, "host", "")
        if address_allowed(self.host, host, self.port, self.allowlist):
            self.passed += 1
            self.receiver.addressResolved(address)
        else:
            self.dropped.append(host)

    def resolutionComplete(self) -> None:
        if self.dropped:
            _refused[f"{self.host.lower()}:{self.port}"] = self.dropped[0]
            logger.warning(
                "Refused to connect to %s:%d: it resolves to %s (see NETWORK_ALLOWLIST)",
                self.host, self.port, ", ".join(self.dropped),
            )
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver:
    """Scrapy's resolver with loopback, private, link-local and metadata answers removed."""

    def __init__(self, reactor: Any, upstream: Any, allowlist: frozenset[str]) -> None:
        self.reactor = reactor
        self.upstream = upstream  # a Scrapy resolver, installed first, then wrapped
        self.allowlist = allowlist
        self.name_resolver: IHostnameResolver | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        # Scrapy builds the resolver with its CrawlerProcess: settings only, no stats.
        settings = crawler.settings
        upstream_class = load_object(settings.get("NETWORK_GUARD_RESOLVER") or DEFAULT_UPSTREAM)
        upstream = build_from_crawler(upstream_class, crawler, reactor=reactor)
        return cls(reactor, upstream, parse_allowlist(settings.getlist("NETWORK_ALLOWLIST")))

    def install_on_reactor(self) -> None:
        self.upstream.install_on_reactor()
        self.name_resolver = self.reactor.nameResolver  # the upstream, as a host name resolver
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        assert self.name_resolver is not None, "install_on_reactor() first"
        receiver = _FilteringReceiver(resolutionReceiver, hostName, portNumber, self.allowlist)
        return self.name_resolver.resolveHostName(receiver, hostName, portNumber, addressTypes, transportSemantics)
