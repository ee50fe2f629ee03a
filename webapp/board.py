"""The kitchen's board as data: one column per stage, and its event stream."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cache
from hashlib import blake2b
from time import monotonic
from typing import Any

from pizza.domain.ticket import WAITING_STAGES, next_stage
from pizza.status import OrderStatus
from webapp.order_views import board_card, label
from webapp.streams import (
    KEEPALIVE,
    message,
    retry,
)

BOARD_STAGES = WAITING_STAGES  # a delivered order leaves the board
COLUMN_TITLES = {"validated": "New"}
COMMON_REASONS = (
    "We have run out of something this order needs.",
    "We cannot deliver to this address.",
    "We could not reach you on your phone number.",
    "The shop is closing early today.",
)
"""Reasons staff can pick when they stop an order, or type their own."""


Contact = Callable[[str], dict[str, str] | None]
"""The name and phone of the customer with this id, if there is one."""


def board_data(
    status: OrderStatus, contact: Contact, now: datetime | None = None
) -> dict[str, Any]:
    """The board as the page renders it and the stream sends it: each column's
    orders, oldest first, with who to call and the move each one is waiting
    for."""
    now = now or datetime.now(tz=UTC)
    contact = cache(contact)  # once per customer, however many tickets
    orders = status.list_in_stages(BOARD_STAGES)
    return {
        "columns": [
            signed(
                {
                    "stage": stage,
                    "title": COLUMN_TITLES.get(stage, label(stage)),
                    "move_label": f"Move to {label(next_stage(stage))}",
                    # Before the kitchen starts, stopping an order refuses it.
                    "stop_label": "Refuse" if stage == "validated" else "Cancel",
                    "orders": [
                        board_card(order, now, contact(order["customer_id"] or ""))
                        for order in orders
                        if order["status"] == stage
                    ],
                }
            )
            for stage in BOARD_STAGES
        ],
        "common_reasons": COMMON_REASONS,
    }


def signed(column: dict[str, Any]) -> dict[str, Any]:
    """The column with a digest of what it shows. The page leaves a column
    whose digest it has already alone, so a button is never replaced by an
    identical one just as someone clicks it (each stream starts with the
    board as it is, which is usually what the page shows already)."""
    text = json.dumps(column, sort_keys=True, ensure_ascii=False).encode()
    return {**column, "signature": blake2b(text, digest_size=8).hexdigest()}


def board_events(
    status: OrderStatus, contact: Contact, seconds: float, keepalive: float
) -> Iterator[str]:
    """The stream's lines: the board now, then the board again whenever it
    looks different (a change of the view, or a minute more on an order's
    age), until it has run ``seconds``; a comment every ``keepalive`` seconds
    when nothing changed. It reads the view only, so it needs no request."""
    deadline = monotonic() + seconds
    seen = status.changes
    # Read each customer once per stream, not once per ticket and change; a
    # name or phone changed meanwhile shows when the page reconnects.
    contact = cache(contact)
    board = board_data(status, contact)
    yield retry() + message("board", board)
    while (remaining := deadline - monotonic()) > 0:
        seen = status.wait_for_any_change(seen, min(keepalive, remaining))
        now_showing = board_data(status, contact)
        if now_showing != board:
            board = now_showing
            yield message("board", board)
        else:
            yield KEEPALIVE
