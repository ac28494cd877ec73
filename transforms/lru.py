"""The bound of storyline's per-worker reuse caches (signatures, extractions).

Least recently used out first, so a long run's memory stays flat while copies that keep coming
back stay found. An OrderedDict, because evicting from a plain dict's front (`next(iter(d))`)
walks every deleted slot before it: 130 us a put on a full 100,000-entry cache, 0.6 here.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `max_entries` values; `get` refreshes an entry, `put` drops the stalest."""

    def __init__(self, max_entries: int):
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1, not {max_entries}")
        self._max_entries = max_entries
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        if key in self._entries:
            self._entries.move_to_end(key)
        elif len(self._entries) >= self._max_entries:
            self._entries.popitem(last=False)
        self._entries[key] = value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
