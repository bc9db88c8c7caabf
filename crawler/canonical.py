"""One URL per article: tracking parameters, default ports, fragments, trailing slashes,
``www.``/``m.``/``amp.`` hosts, AMP paths and mirror domains folded away.

The result identifies an article (its ``id`` is a hash of it); it is also a URL that works,
since everything removed is something servers ignore.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.outlets.profile import OutletProfile
from crawler.urls import absolute_url, registered_domain

TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "yclid", "ysclid", "msclkid", "twclid", "igshid",
    "_openstat", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid", "ocid", "smid",
    "spm", "amp", "outputtype", "utm", "ito", "ns_mchannel",
    "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "at_medium", "at_campaign", "wt.mc_id",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_", "oly_", "__twitter", "_hs")
_AMP_PATH = re.compile(r"(?:^/amp(?=/)|/amp/?$|\.amp(?=\.html?$|$))", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, profile: OutletProfile | None = None) -> str:
    """The article's canonical URL (returns ``url`` unchanged when it is not a web URL)."""
    if profile is not None:
        url = profile.canonical_url(url)
    absolute = absolute_url(url)
    if absolute is None:
        return url
    parts = urlsplit(absolute)
    host = registered_domain(parts.hostname or "")
    if profile is not None and host in profile.mirrors and profile.domains:
        host = profile.domains[0]
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(parts.scheme) else f"{host}:{port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(sorted((name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                             if not _is_tracking(name)))
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def same_site(url: str, other: str, profile: OutletProfile | None = None) -> bool:
    """Both URLs belong to one outlet: its domains and mirrors, or else one registered domain."""
    if profile is not None:
        return profile.owns_url(url) and profile.owns_url(other)
    first, second = urlsplit(url).hostname or "", urlsplit(other).hostname or ""
    return bool(first) and registered_domain(first) == registered_domain(second)
