"""Matching tests start from an empty index cache: rows made with factories skip the services (and so
the version bump), and a cache left by an earlier test would otherwise be reused."""

from __future__ import annotations

import pytest

from kyky.matching.indexes import process_cache


@pytest.fixture(autouse=True)
def _fresh_index():
    process_cache().clear()
    yield
    process_cache().clear()
