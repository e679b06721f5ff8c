"""Several replicas behind HAProxy (deploy/haproxy.cfg): readers stay on one
replica (downloads live in its memory), are spread over all, and outlive the
loss of one, getting their view back from the link."""

from __future__ import annotations

import pytest

from kzdash import balancer

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from test_browser import (  # noqa: E402
    SHARED,
    browser,  # noqa: F401  (the fixture)
    click_for_download,
    metric,
    wait_for_app,
)

if balancer.HAPROXY is None:
    pytest.skip("haproxy is not installed (apt-get install haproxy)", allow_module_level=True)


@pytest.fixture(scope="module")
def cluster():
    with balancer.cluster(2) as c:
        yield c


def open_reader(browser, url: str):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.goto(url + SHARED)
    wait_for_app(page)
    return page


def replica(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "SERVERID")


def test_readers_spread_stay_and_survive_a_lost_replica(cluster, browser):  # noqa: F811
    readers = [open_reader(browser, cluster.url) for _ in range(2)]
    where = [replica(p) for p in readers]
    assert set(where) == {"r1", "r2"}, where
    events = metric(readers[0], "Events")

    # a download is made by the replica that holds the session
    download = click_for_download(readers[0], "Events (CSV)")
    assert download.suggested_filename == "kzdash-events.csv"

    victim = where[0]
    cluster.kill(victim)
    survivor = next(r for r in ("r1", "r2") if r != victim)

    # a reader on the survivor carries on: it still downloads
    other = readers[where.index(survivor)]
    assert click_for_download(other, "Events (CSV)").suggested_filename == "kzdash-events.csv"

    # the dead replica's reader reloads and gets the same view from the link
    lost = readers[0]
    lost.reload()
    wait_for_app(lost)
    assert replica(lost) == survivor
    assert metric(lost, "Events") == events
    assert "event=2022-01-05-almaty-airport-seized" in lost.url

    # a new reader lands on the survivor
    fresh = open_reader(browser, cluster.url)
    assert replica(fresh) == survivor
    for p in [*readers, fresh]:
        p.context.close()
