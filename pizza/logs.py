"""How the shop's processes write their logs: a line per HTTP request and per
section a follower processes, each naming the orders it was about, so an
order can be followed through the processes; as text, or as one JSON object a
line (``PIZZA_LOG_FORMAT=json``) for a log collector."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from pythonjsonlogger.json import JsonFormatter

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
ORDER_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def configure_logging(log_format: str) -> None:
    """Every log line of this process as ``log_format`` says, at INFO."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(
            JsonFormatter(
                JSON_FIELDS,
                rename_fields={"asctime": "time", "levelname": "level"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


def order_ids_in(texts: Iterable[str | None]) -> list[str]:
    """The order ids (UUIDs) in these texts, each once, in order."""
    found: dict[str, None] = {}
    for text in texts:
        for order_id in ORDER_ID.findall(text or ""):
            found[order_id] = None
    return list(found)
