"""Outlet profiles: declarative TOML files (``profiles/*.toml``) and their registry."""

from crawler.outlets.loader import ProfileError, load_profile
from crawler.outlets.profile import OutletProfile
from crawler.outlets.registry import (
    ProfileRegistry,
    UnknownOutlet,
    all_profiles,
    get_profile,
    profile_for_url,
)

__all__ = [
    "OutletProfile", "ProfileError", "ProfileRegistry", "UnknownOutlet",
    "all_profiles", "get_profile", "load_profile", "profile_for_url",
]
