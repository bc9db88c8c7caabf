"""Requests as plain JSON data for the shared frontier: data in, data out, never code.

scrapy-redis stores requests with pickle by default, so whoever can write to Redis can run
code on every worker. Here a request is a JSON object of a fixed shape; decoding builds a
plain ``scrapy.Request`` (no class named by the data is ever loaded), resolves callbacks only
among the spider's declared frontier methods, and drops request options that would let the
data weaken a worker's defences (proxies, bind addresses, robots.txt or size-limit opt-outs,
credentials). What data in Redis *can* still do is ask for other public pages: the network
guard, robots.txt and the download limits apply to them like to any other request.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import scrapy

FORMAT_VERSION = 1

# Request options a frontier entry may not carry: set by nobody in this project, and each one
# turns off a protection or reroutes traffic.
UNSAFE_META = frozenset({
    "proxy", "_auth_proxy", "bindaddress", "dont_obey_robotstxt", "download_maxsize",
    "download_warnsize", "download_timeout", "dont_merge_cookies", "cookiejar",
    "handle_httpstatus_all", "max_retry_times", "dont_proxy",
})
UNSAFE_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie"})
_BYTES_TAG = "$bytes"


class RejectedRequest(ValueError):
    """A frontier entry that is not a request this worker will run; ``reason`` is a stat name."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class UnserializableRequest(TypeError):
    """A request this project built with something that is not JSON data in it."""


def frontier_methods(spider: scrapy.Spider) -> frozenset[str]:
    """Spider methods a frontier entry may name: the spider's ``frontier_methods``, or its
    ``parse*`` methods when it declares none."""
    declared = getattr(spider, "frontier_methods", None)
    if declared is not None:
        return frozenset(declared)
    return frozenset(name for name in dir(type(spider)) if name.startswith("parse"))


def _method_name(spider: scrapy.Spider, method: Any) -> str | None:
    if method is None:
        return None
    name = getattr(method, "__name__", None)
    if getattr(method, "__self__", None) is not spider or name not in frontier_methods(spider):
        raise UnserializableRequest(f"callback {method!r} is not one of {sorted(frontier_methods(spider))}")
    return name


def _to_json_value(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, bytes):
        return {_BYTES_TAG: base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [_to_json_value(item, where) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise UnserializableRequest(f"{where}: non-string key in {value!r}")
        return {key: _to_json_value(item, f"{where}.{key}") for key, item in value.items()}
    raise UnserializableRequest(f"{where}: {type(value).__name__} is not JSON data")


def _from_json_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_json_value(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {_BYTES_TAG}:
            return base64.b64decode(value[_BYTES_TAG], validate=True)
        return {key: _from_json_value(item) for key, item in value.items()}
    return value


def dumps_request(request: scrapy.Request, spider: scrapy.Spider) -> bytes:
    """The frontier entry of ``request`` (compact JSON, keys sorted so equal requests are equal bytes)."""
    if type(request) is not scrapy.Request:  # noqa: E721 (subclasses carry behaviour, not data)
        raise UnserializableRequest(f"{type(request).__name__} requests cannot go to the shared frontier")
    entry = {
        "v": FORMAT_VERSION,
        "url": request.url,
        "method": request.method,
        "headers": {
            key.decode("latin-1"): [value.decode("latin-1") for value in values]
            for key, values in request.headers.items()
        },
        "body": _to_json_value(request.body, "body") if request.body else None,
        "meta": _to_json_value(request.meta, "meta"),
        "cb_kwargs": _to_json_value(request.cb_kwargs, "cb_kwargs"),
        "priority": request.priority,
        "dont_filter": request.dont_filter,
        "flags": list(request.flags),
        "encoding": request.encoding,
        "callback": _method_name(spider, request.callback),
        "errback": _method_name(spider, request.errback),
    }
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _require(condition: bool, reason: str, detail: str = "") -> None:
    if not condition:
        raise RejectedRequest(reason, detail)


def _resolve(spider: scrapy.Spider, name: Any) -> Any:
    if name is None:
        return None
    _require(isinstance(name, str) and name in frontier_methods(spider), "unknown_callback", repr(name))
    return getattr(spider, name)


def loads_request(data: bytes | str, spider: scrapy.Spider) -> tuple[scrapy.Request, int]:
    """The request a frontier entry describes and how many unsafe options were dropped from it.

    Raises ``RejectedRequest`` for anything that is not an entry of the expected shape.
    """
    try:
        entry = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise RejectedRequest("not_json", str(error)[:80]) from None
    _require(isinstance(entry, dict), "not_an_object")
    _require(entry.get("v") == FORMAT_VERSION, "unknown_version", repr(entry.get("v")))
    url = entry.get("url")
    _require(isinstance(url, str) and url.lower().startswith(("http://", "https://")), "bad_url", repr(url)[:80])
    try:
        meta = _from_json_value(entry.get("meta") or {})
        cb_kwargs = _from_json_value(entry.get("cb_kwargs") or {})
        headers = _from_json_value(entry.get("headers") or {})
        body = _from_json_value(entry.get("body")) or b""
    except (ValueError, TypeError) as error:
        raise RejectedRequest("bad_value", str(error)[:80]) from None
    _require(isinstance(meta, dict) and isinstance(cb_kwargs, dict) and isinstance(headers, dict), "bad_shape")
    _require(isinstance(body, bytes), "bad_body")
    dropped = [key for key in meta if key in UNSAFE_META]
    for key in dropped:
        del meta[key]
    safe_headers: dict[str, list[Any]] = {}
    for name, values in headers.items():
        if name.lower().encode("latin-1", "replace") in UNSAFE_HEADERS:
            dropped.append(name)
            continue
        safe_headers[name] = values if isinstance(values, list) else [values]
    priority, method = entry.get("priority", 0), entry.get("method", "GET")
    _require(isinstance(priority, int) and isinstance(method, str) and method.isalpha(), "bad_shape")
    callback, errback = _resolve(spider, entry.get("callback")), _resolve(spider, entry.get("errback"))
    try:
        request = scrapy.Request(
            url,
            callback=callback,
            errback=errback,
            method=method,
            headers=safe_headers,
            body=body,
            meta=meta,
            cb_kwargs=cb_kwargs,
            priority=priority,
            dont_filter=bool(entry.get("dont_filter")),
            flags=[str(flag) for flag in entry.get("flags") or []],
            encoding=str(entry.get("encoding") or "utf-8"),
        )
    except (TypeError, ValueError, LookupError) as error:
        raise RejectedRequest("bad_request", str(error)[:80]) from None
    return request, len(dropped)
