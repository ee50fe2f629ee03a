"""Server-Sent Events: the wire format, and caps on how many are open at once.

Each open stream holds one of the WSGI server's threads, so without a cap a
few dozen open pages would leave none for anything else, and without a cap per
customer one customer could hold them all. Past a cap a stream is refused (503,
or 429 for the customer's own), and the browser's EventSource tries again.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

from flask import Response, current_app

from pizza.metrics import LIVE_STREAMS

RETRY_MILLISECONDS = 3000
KEEPALIVE = ": keep-alive\n\n"
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


STREAM_SLOTS = "pizza.stream_slots"
BUSY = "Too many live pages are open just now; this one will try again shortly."
TOO_MANY = "You have too many live pages open; close some, and this one will follow."


class StreamSlots:
    """How many streams are open in this process, in all and per customer."""

    def __init__(self, most: int, most_per_customer: int) -> None:
        self.most = most
        self.most_per_customer = most_per_customer
        self.open: dict[str, int] = {}
        self.lock = threading.Lock()

    def take(self, customer: str) -> str | None:
        """Takes a slot for the customer; None if it did, else why not."""
        with self.lock:
            if self.open.get(customer, 0) >= self.most_per_customer:
                return TOO_MANY
            if sum(self.open.values()) >= self.most:
                return BUSY
            self.open[customer] = self.open.get(customer, 0) + 1
            LIVE_STREAMS.inc()
            return None

    def give_back(self, customer: str) -> None:
        with self.lock:
            LIVE_STREAMS.dec()
            self.open[customer] -= 1
            if not self.open[customer]:
                del self.open[customer]


def event_stream(lines: Iterator[str], customer: str) -> Response:
    """A ``text/event-stream`` response that proxies pass on as it comes; 429
    when the customer has ``MAX_LIVE_STREAMS_PER_CUSTOMER`` open already, 503
    when this process has ``MAX_LIVE_STREAMS`` open (each with Retry-After)."""
    slots: StreamSlots = current_app.extensions[STREAM_SLOTS]
    refusal = slots.take(customer)
    if refusal is not None:
        status = 429 if refusal == TOO_MANY else 503
        return Response(refusal, status=status, headers={"Retry-After": "5"})
    return Response(
        HoldingSlot(lines, slots, customer),
        mimetype="text/event-stream",
        headers=HEADERS,
    )


class HoldingSlot:
    """The stream's lines, holding a slot until the server closes the response
    (which it does however the stream ends, even before it starts)."""

    def __init__(self, lines: Iterator[str], slots: StreamSlots, customer: str) -> None:
        self.lines = lines
        self.slots: StreamSlots | None = slots
        self.customer = customer

    def __iter__(self) -> Iterator[str]:
        return self.lines

    def close(self) -> None:
        if self.slots is not None:
            self.slots.give_back(self.customer)
            self.slots = None


def message(event: str, data: Any, event_id: int | None = None) -> str:
    """One event; ``data`` goes as JSON on one line."""
    text = json.dumps(data, ensure_ascii=False)
    prefix = "" if event_id is None else f"id: {event_id}\n"
    return f"{prefix}event: {event}\ndata: {text}\n\n"


def retry() -> str:
    """The first line of a stream: how long the browser waits to reconnect."""
    return f"retry: {RETRY_MILLISECONDS}\n"
