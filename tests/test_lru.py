"""The bound shared by the per-worker reuse caches (signatures, extractions)."""

import pytest

from transforms.lru import LruCache


def test_the_least_recently_used_entry_goes_first():
    cache: LruCache[str, int] = LruCache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now fresher than b
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)


def test_putting_a_held_key_again_replaces_it_without_dropping_another():
    cache: LruCache[str, int] = LruCache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("b", 20)  # the fresher key: dropping the stalest first would lose a
    assert (cache.get("a"), cache.get("b"), len(cache)) == (1, 20, 2)


def test_clear_and_bounds():
    cache: LruCache[str, int] = LruCache(max_entries=1)
    cache.put("a", 1)
    cache.clear()
    assert (cache.get("a"), len(cache)) == (None, 0)
    with pytest.raises(ValueError, match="at least 1"):
        LruCache(max_entries=0)
