"""The add-on that turns distributed mode on when the settings name a Redis server."""

from __future__ import annotations

import logging

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from crawler.distributed import redis_url_of

logger = logging.getLogger(__name__)

SCHEDULER = "crawler.distributed.scheduler.FrontierScheduler"


class DistributedAddon:
    """``REDIS_URL`` or ``STATE_URI=redis://...`` -> the shared frontier and the Redis state store.

    Runs after all settings are known (project file, ``-s``, Scrapyd job settings), which a
    settings module cannot: it sees only its own values.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url_of(settings)
        if url is None:
            return
        settings.set("SCHEDULER", SCHEDULER, priority="addon")
        state_uri = str(settings.get("STATE_URI") or "")
        if not state_uri.startswith(("redis://", "rediss://", "unix://")):
            if (settings.getpriority("STATE_URI") or 0) >= SETTINGS_PRIORITIES["cmdline"]:
                logger.warning(
                    "STATE_URI=%s was given explicitly with REDIS_URL: workers will not share "
                    "what they have stored, so they may store the same article twice", state_uri,
                )
            else:
                settings.set("STATE_URI", url, priority=max(settings.getpriority("STATE_URI") or 0, SETTINGS_PRIORITIES["addon"]))
        if settings.get("JOBDIR"):
            logger.warning("JOBDIR is ignored in distributed mode: the frontier lives in Redis")
