"""The CDN in front of the published endpoint: identical requests within a TTL are answered
from here, at no cost and without rate limiting (the ``cdn_cache`` rule).

Entries belong to one model version: the owner clears the cache when the model changes, as a
content change purges the real CDN. The size is bounded, so distinct requests only evict.
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from dataclasses import dataclass

from mock_server.http.cache import LruCache
from mock_server.http.executor import Outcome
from mock_server.kontent.ratelimit import Clock

CDN_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Cached:
    outcome: Outcome
    complexity: int
    expires: float


class CdnCache:
    def __init__(self, ttl_seconds: float, clock: Clock = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._entries: LruCache[Hashable, Cached] = LruCache(CDN_CACHE_SIZE)

    def get(self, key: Hashable) -> Cached | None:
        entry = self._entries.get(key)
        if entry is None or entry.expires <= self._clock():
            return None
        return entry

    def put(self, key: Hashable, outcome: Outcome, complexity: int) -> None:
        if self._ttl > 0:
            self._entries.put(key, Cached(outcome, complexity, self._clock() + self._ttl))

    def clear(self) -> None:
        self._entries = LruCache(CDN_CACHE_SIZE)
