from __future__ import annotations

from pathlib import Path

import pytest

from kzdash.frames import claims_frame, events_frame, quotes_frame
from kzdash.load import load_dataset

MINI = Path(__file__).parent / "fixtures" / "mini"


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
