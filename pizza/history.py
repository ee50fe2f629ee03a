"""An order's timeline read straight from the event logs (not from the view)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pizza.orders import Orders
from pizza.timeline import describe
from pizza.validation import Validation


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    application: str
    what: str
    detail: str


def order_history(
    orders: Orders, validation: Validation, order_id: UUID
) -> list[HistoryEntry]:
    """Every recorded event about the order, oldest first; empty if none."""
    entries = []
    for app in (orders, validation):
        for event in app.get_events(order_id):
            step = describe(event)
            if step is not None:
                at = event.timestamp
                entries.append(HistoryEntry(at, app.name, step.what, step.detail))
    return sorted(entries, key=lambda entry: entry.at)
