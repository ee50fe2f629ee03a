"""Server-Sent Events: the wire format, and a cap on how many are open at once.

Each open stream holds one of the WSGI server's threads, so without a cap a
few dozen open pages would leave none for anything else. Past the cap a stream
is refused with a 503; the browser's EventSource tries again by itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

from flask import Response, current_app

RETRY_MILLISECONDS = 3000
KEEPALIVE = ": keep-alive\n\n"
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


STREAM_SLOTS = "pizza.stream_slots"
BUSY = "Too many live pages are open just now; this one will try again shortly."


def event_stream(lines: Iterator[str]) -> Response:
    """A ``text/event-stream`` response that proxies pass on as it comes;
    503 when ``MAX_LIVE_STREAMS`` streams are open already."""
    slots: threading.BoundedSemaphore = current_app.extensions[STREAM_SLOTS]
    if not slots.acquire(blocking=False):
        return Response(BUSY, status=503, headers={"Retry-After": "5"})
    return Response(
        HoldingSlot(lines, slots), mimetype="text/event-stream", headers=HEADERS
    )


class HoldingSlot:
    """The stream's lines, holding a slot until the server closes the response
    (which it does however the stream ends, even before it starts)."""

    def __init__(self, lines: Iterator[str], slots: threading.BoundedSemaphore) -> None:
        self.lines = lines
        self.slots: threading.BoundedSemaphore | None = slots

    def __iter__(self) -> Iterator[str]:
        return self.lines

    def close(self) -> None:
        if self.slots is not None:
            self.slots.release()
            self.slots = None


def message(event: str, data: Any, event_id: int | None = None) -> str:
    """One event; ``data`` goes as JSON on one line."""
    text = json.dumps(data, ensure_ascii=False)
    prefix = "" if event_id is None else f"id: {event_id}\n"
    return f"{prefix}event: {event}\ndata: {text}\n\n"


def retry() -> str:
    """The first line of a stream: how long the browser waits to reconnect."""
    return f"retry: {RETRY_MILLISECONDS}\n"
