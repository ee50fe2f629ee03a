"""Server-Sent Events: the wire format, and waiting for the view to change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from flask import Response

RETRY_MILLISECONDS = 3000
KEEPALIVE = ": keep-alive\n\n"
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def event_stream(lines: Iterator[str]) -> Response:
    """A ``text/event-stream`` response that proxies pass on as it comes."""
    return Response(lines, mimetype="text/event-stream", headers=HEADERS)


def message(event: str, data: Any, event_id: int | None = None) -> str:
    """One event; ``data`` goes as JSON on one line."""
    text = json.dumps(data, ensure_ascii=False)
    prefix = "" if event_id is None else f"id: {event_id}\n"
    return f"{prefix}event: {event}\ndata: {text}\n\n"


def retry() -> str:
    """The first line of a stream: how long the browser waits to reconnect."""
    return f"retry: {RETRY_MILLISECONDS}\n"
