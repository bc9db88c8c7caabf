"""Which hosts and addresses the crawler must not contact, and the allowlist that overrides it.

A crawler follows links it did not choose (redirects, "Read also", t.me links). Without these
checks a page could make it fetch cloud metadata (169.254.169.254), an admin panel on
localhost, or anything else on the machine's private network (server-side request forgery).
The URL check here catches addresses written into URLs; ``crawler.net.resolve`` catches host
names that resolve to such addresses, at connection time.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_allowlist(entries: Iterable[str]) -> frozenset[str]:
    """``NETWORK_ALLOWLIST`` entries as lower-case ``host:port`` strings (IPv6 without brackets)."""
    allowed = set()
    for entry in entries:
        entry = entry.strip().lower()
        if entry.startswith("["):  # [::1]:8080 -> ::1:8080, the form refusal checks build
            entry = entry[1:].replace("]", "", 1)
        if entry:
            allowed.add(entry)
    return frozenset(allowed)


def parse_ip_literal(host: str) -> IPAddress | None:
    """An IP address written as a host: dotted, bracketed IPv6, or one decimal/hex number."""
    host = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        number = int(host, 0)  # "2130706433", "0x7f000001"
    except ValueError:
        return None
    return ipaddress.IPv4Address(number) if 0 <= number < 2**32 else None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), or None."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_forbidden_address(address: IPAddress) -> bool:
    """Loopback, private, link-local (cloud metadata), shared, reserved or multicast."""
    inner = embedded_ipv4(address)
    if inner is not None and is_forbidden_address(inner):
        return True
    return not address.is_global or address.is_multicast


def host_port(url: str) -> tuple[str, int]:
    """Lower-case host and port (the scheme's default when none is given) of a valid URL."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def refusal_reason(url: str, allowlist: frozenset[str]) -> str | None:
    """Why a URL must not be fetched (``scheme``, ``local_name``, ``private_ip``, ``bad_url``), or None."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "bad_url"
    if parts.scheme not in ("http", "https"):
        return "scheme"
    host = (parts.hostname or "").lower()
    if f"{host}:{port}" in allowlist:
        return None
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return "local_name"
    address = parse_ip_literal(host)
    if address is not None and is_forbidden_address(address):
        return "private_ip"
    return None


def address_allowed(host: str, address: str, port: int, allowlist: frozenset[str]) -> bool:
    """Whether a resolved address may be connected to: a public one, or one allowlisted by the
    host name or by the address itself (``host:port``)."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if not is_forbidden_address(parsed):
        return True
    return f"{host.lower()}:{port}" in allowlist or f"{parsed}:{port}" in allowlist
