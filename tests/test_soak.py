"""The soak, short (issue 15; ``make soak`` is the long one): readers one
after another through Streamlit's websocket protocol, no browser. Every walk
must succeed, and the server must not grow with the readers it has served:
RSS after the 30th within 10% of after the 10th. A session that kept a
megabyte or more would fail it (the 20 sessions between the readings all
linger: Streamlit keeps a disconnected session for 120 s)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from soak import soak  # noqa: E402

from kzdash.devserver import running  # noqa: E402

pytestmark = pytest.mark.app

READERS, FIRST, LAST = 30, 10, 30
TOLERANCE = 0.10


def test_readers_one_after_another_neither_fail_nor_grow_the_server():
    with running() as base:
        seen = soak(base, READERS, {FIRST, LAST}, timeout=60)
    assert seen.failures == []
    assert len(seen.walks) == READERS
    assert abs(seen.growth()) <= TOLERANCE, (
        f"RSS {seen.rss[FIRST]:.0f} MB after reader {FIRST}, "
        f"{seen.rss[LAST]:.0f} MB after reader {LAST}")
