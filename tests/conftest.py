from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from kzdash.frames import claims_frame, events_frame, quotes_frame
from kzdash.load import load_dataset

MINI = Path(__file__).parent / "fixtures" / "mini"


def pytest_configure(config):
    """Keep the parsed-dataset cache of the whole run (the page, the servers
    it starts) in a folder of its own, never the user's ~/.cache."""
    os.environ["KZDASH_CACHE_DIR"] = tempfile.mkdtemp(prefix="kzdash-test-cache-")


# Tiers: `unit` (plain functions, seconds: `make check`), `app` (the page in
# Streamlit's AppTest), `browser` (the served page in Chromium). A test file
# sets its tier here; a test elsewhere that drives the page marks itself.
TIERS = ("unit", "app", "browser")
FILE_TIERS = {"test_app.py": "app", "test_browser.py": "browser", "test_walk.py": "browser",
              "test_balancer.py": "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(FILE_TIERS.get(item.path.name, "unit"))


@pytest.fixture(scope="session")
def mini():
    return load_dataset(MINI)


@pytest.fixture(scope="session")
def mini_events(mini):
    return events_frame(mini)


@pytest.fixture(scope="session")
def mini_quotes(mini):
    return quotes_frame(mini)


@pytest.fixture(scope="session")
def mini_claims(mini):
    return claims_frame(mini)
