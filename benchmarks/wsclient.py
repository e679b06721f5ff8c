"""A reader of the served page that speaks Streamlit's own websocket
protocol, no browser (issue 15): a fair load generator costs the server what a
browser's session costs it, and costs the machine almost nothing itself.

The protocol, as Streamlit 1.67's server and front end speak it:

- the websocket is ``/_stcore/stream``, subprotocol ``streamlit`` (the front
  end repurposes ``Sec-WebSocket-Protocol``: the XSRF token and a session to
  resume follow it; a new reader sends neither and gets a new session);
- every frame is a protobuf: the client sends ``BackMsg``, the server
  ``ForwardMsg``;
- nothing runs until the client asks: a ``rerun_script`` carrying the query
  string and every widget's value; the run ends with ``script_finished``;
- a deferred download (``st.download_button`` given a callable) is a
  ``backend_operation_request`` naming the button's ``deferred_file_id`` and
  the session; the answer holds a ``/media/...`` address fetched over HTTP.

A reader opens a shared link, then walks: moves the date slider, picks an
event, opens another tab, downloads the events as CSV. Each action is timed
from the message sent to the run finished (or the file received) and counts
only if the run ended without an exception on the page, within ``timeout``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

LINK = "dates=2022-01-04&dates=2022-01-10"
SLIDER_DAYS = (dt.date(2022, 1, 5), dt.date(2022, 1, 8))  # the slider's new range
TAB = "Map"  # the tab opened (its label in English)
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY}
EPOCH = dt.datetime(1970, 1, 1)


class ActionFailed(Exception):
    """An action that did not finish cleanly: an exception on the page, a run
    that never finished, a file that did not come."""


@dataclass
class Widget:
    """What the page said of one keyed widget in its last run."""

    id: str
    kind: str  # the element's type: slider, selectbox, download_button, tab_container...
    proto: object


@dataclass
class Reader:
    """One reader's session over one websocket."""

    base: str  # http://host:port
    timeout: float = 60.0
    widgets: dict[str, Widget] = field(default_factory=dict)  # by the widget's key
    states: dict[str, object] = field(default_factory=dict)  # values sent, by widget id
    query: str = ""
    session_id: str = ""
    ws: object = None
    timings: list[tuple[str, float]] = field(default_factory=list)  # (action, seconds)
    error: str | None = None  # set by a load generator that counts failures
    cookie: str = ""  # what the server set on connecting (a balancer's affinity)

    async def connect(self) -> None:
        url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout)
        # behind a balancer, its affinity cookie takes the downloads to this
        # session's replica, where the file is held
        self.cookie = "; ".join(c.split(";", 1)[0]
                                for c in self.ws.response.headers.get_all("Set-Cookie"))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    # --- the protocol -------------------------------------------------------

    async def rerun(self) -> None:
        """Ask for a run with the current query string and widget values, and
        read until it finishes; raise :class:`ActionFailed` if it did not
        finish cleanly within the timeout."""
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query
        client.page_script_hash = ""
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-US"
        client.context_info.url = f"{self.base}/?{self.query}"
        for widget_id, value in self.states.items():
            state = client.widget_states.widgets.add()
            state.id = widget_id
            if isinstance(value, bool):  # a popover or an expander: open or not
                state.bool_value = value
            elif isinstance(value, str):
                state.string_value = value
            else:
                state.double_array_value.data.extend(value)
        self.widgets = {}  # every run draws the page afresh
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(self.timeout):
            await self._until_finished()

    def expect_link(self, part: str) -> None:
        """The page writes its view into the link: an action that did not
        reach the view is a failure, however fast."""
        if part not in self.query.split("&"):
            raise ActionFailed(f"the link {self.query!r} lacks {part!r}")

    async def _until_finished(self) -> None:
        exceptions = []
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id
            elif kind == "page_info_changed":  # the page rewrote its link
                self.query = fwd.page_info_changed.query_string
            elif kind == "delta":
                self._note_delta(fwd, exceptions)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if fwd.script_finished not in FINISHED:
                    raise ActionFailed(f"run ended {fwd.script_finished}")
                if exceptions:
                    raise ActionFailed(f"exception on the page: {exceptions[0]}")
                return

    def _note_delta(self, fwd: ForwardMsg, exceptions: list[str]) -> None:
        delta = fwd.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            element = delta.new_element
            etype = element.WhichOneof("type")
            if etype == "exception":
                exceptions.append(f"{element.exception.type}: {element.exception.message}")
                return
            proto = getattr(element, etype) if etype else None
            self._note_widget(etype, proto)
        elif kind == "add_block":
            block = delta.add_block
            btype = block.WhichOneof("type")
            if btype in ("tab_container", "popover", "expandable"):
                self._note_widget(btype, getattr(block, btype))

    def _note_widget(self, kind: str | None, proto) -> None:
        widget_id = getattr(proto, "id", "") if proto is not None else ""
        if widget_id.startswith("$$ID-"):
            key = widget_id.split("-", 2)[2]  # $$ID-<hash>-<user key>
            self.widgets[key] = Widget(widget_id, kind, proto)

    def widget(self, key: str) -> Widget:
        try:
            return self.widgets[key]
        except KeyError:
            raise ActionFailed(f"the page drew no widget with key {key!r}") from None

    async def timed(self, action: str, coro) -> None:
        start = time.monotonic()
        await coro
        self.timings.append((action, time.monotonic() - start))

    # --- a reader's actions -------------------------------------------------

    async def open(self, link: str = LINK) -> None:
        """Connect and run the page on ``link``: the time to first chart."""
        start = time.monotonic()
        await self.connect()
        self.query = link
        await self.rerun()
        if "per_day" not in self.widgets and not self._charts_seen():
            raise ActionFailed("the first run drew no chart")
        self.timings.append(("first chart", time.monotonic() - start))

    def _charts_seen(self) -> bool:
        return any(w.kind == "vega_lite_chart" for w in self.widgets.values())

    async def move_slider(self, days: tuple[dt.date, dt.date] = SLIDER_DAYS) -> None:
        slider = self.widget("dates")
        self.states[slider.id] = [
            (dt.datetime.combine(d, dt.time()) - EPOCH) / dt.timedelta(microseconds=1)
            for d in days]
        await self.timed("slider", self.rerun())
        for day in days:
            self.expect_link(f"dates={day.isoformat()}")

    async def pick_event(self) -> None:
        box = self.widget("event")
        options = list(box.proto.options)
        if not options:
            raise ActionFailed("the event picker has no options")
        self.states[box.id] = options[len(options) // 2]
        await self.timed("event", self.rerun())
        if "event=" not in self.query:
            raise ActionFailed(f"the link {self.query!r} names no event")

    async def open_tab(self, label: str = TAB, tab_id: str = "map") -> None:
        tabs = self.widget("tab")
        self.states[tabs.id] = label
        await self.timed("tab", self.rerun())
        self.expect_link(f"tab={tab_id}")

    async def download(self, key: str = "dl_events_csv") -> int:
        """Ask for the deferred file of download button ``key``, fetch it,
        and return its size in bytes. The downloads are built when their
        popover opens: a reader opens it first (timed with the download)."""
        start = time.monotonic()
        if key not in self.widgets:
            self.states[self.widget("download_open").id] = True
            await self.rerun()
        button = self.widget(key)
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = uuid.uuid4().hex
        request.session_id = self.session_id
        request.deferred_file.file_id = button.proto.deferred_file_id
        await self.ws.send(msg.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await self.ws.recv())
                if (fwd.WhichOneof("type") == "backend_operation_response"
                        and fwd.backend_operation_response.request_id == request.request_id):
                    break
        response = fwd.backend_operation_response
        if response.error_msg or not response.deferred_file.url:
            raise ActionFailed(f"download refused: {response.error_msg}")
        size = await asyncio.to_thread(fetch, self.base + response.deferred_file.url,
                                       self.timeout, self.cookie)
        self.timings.append(("download", time.monotonic() - start))
        return size

    async def walk(self) -> None:
        """The scripted walk after the first run."""
        await self.move_slider()
        await self.pick_event()
        await self.open_tab()
        await self.download()


def fetch(url: str, timeout: float, cookie: str = "") -> int:
    """GET ``url`` (with ``cookie``); its size in bytes, or :class:`ActionFailed`."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout) as r:
        body = r.read()
        if r.status != 200 or not body:
            raise ActionFailed(f"download {url}: status {r.status}, {len(body)} bytes")
    return len(body)


async def visit(base: str, timeout: float = 60.0) -> Reader:
    """One reader: open the link, walk, leave. Raises on the first failure."""
    reader = Reader(base, timeout)
    try:
        await reader.open()
        await reader.walk()
    finally:
        await reader.close()
    return reader


if __name__ == "__main__":
    import sys

    from kzdash.devserver import running

    with running() as base:
        done = asyncio.run(visit(base))
        for action, took in done.timings:
            print(f"{action}: {took:.2f} s")
        sys.exit(0)
