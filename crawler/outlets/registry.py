"""All known outlet profiles: the ones shipped in ``crawler/outlets/profiles`` plus extra
folders (the ``OUTLET_PROFILES_DIRS`` setting), looked up by name or by URL."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from crawler.outlets.loader import ProfileError, load_profile_dirs, load_profile_text
from crawler.outlets.profile import OutletProfile
from crawler.urls import host_of, registered_domain


class UnknownOutlet(KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown outlet"


class ProfileRegistry:
    """Profiles by name; a later profile with the same name replaces an earlier one."""

    def __init__(self, profiles: Iterable[OutletProfile]) -> None:
        by_name: dict[str, OutletProfile] = {}
        for profile in profiles:
            by_name[profile.name] = profile
        self._by_name = dict(sorted(by_name.items()))
        self._by_domain: dict[str, OutletProfile] = {}
        for profile in self._by_name.values():
            for domain in profile.all_domains:
                other = self._by_domain.setdefault(domain, profile)
                if other is not profile:
                    raise ProfileError(f"domain {domain} is claimed by two profiles: {other.name} and {profile.name}")

    def all(self) -> list[OutletProfile]:
        return list(self._by_name.values())

    def get(self, name: str) -> OutletProfile:
        try:
            return self._by_name[name.strip().lower()]
        except KeyError:
            raise UnknownOutlet(f"unknown outlet {name!r}; known: {', '.join(self._by_name) or 'none'}") from None

    def for_host(self, host: str) -> OutletProfile | None:
        return self._by_domain.get(registered_domain(host.lower().rstrip(".")))

    def for_url(self, url: str) -> OutletProfile | None:
        """The profile whose domains or mirrors (also www./m./amp. hosts) serve the URL."""
        return self.for_host(host_of(url))


def builtin_profiles() -> list[OutletProfile]:
    """The profiles shipped as package data, in file name order."""
    folder = resources.files("crawler.outlets").joinpath("profiles")
    files = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".toml")), key=lambda entry: entry.name)
    return [load_profile_text(entry.read_text("utf-8"), f"crawler/outlets/profiles/{entry.name}") for entry in files]


@lru_cache(maxsize=16)
def registry(extra_dirs: tuple[str, ...] = ()) -> ProfileRegistry:
    """The shipped profiles plus those in ``extra_dirs`` (which win on equal names); cached."""
    return ProfileRegistry([*builtin_profiles(), *load_profile_dirs(Path(d) for d in extra_dirs)])


def all_profiles(extra_dirs: Iterable[str] = ()) -> list[OutletProfile]:
    return registry(tuple(extra_dirs)).all()


def get_profile(name: str, extra_dirs: Iterable[str] = ()) -> OutletProfile:
    """The profile called ``name``; raises ``UnknownOutlet`` listing the known names."""
    return registry(tuple(extra_dirs)).get(name)


def profile_for_url(url: str, extra_dirs: Iterable[str] = ()) -> OutletProfile | None:
    return registry(tuple(extra_dirs)).for_url(url)
