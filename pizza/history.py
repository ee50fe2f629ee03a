"""An order's timeline read straight from the event logs (not from the view)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.domain import DomainEvent

from pizza.timeline import describe


class KeepsOrderEvents(Protocol):
    """An application that can list its events about an order."""

    name: str

    def get_events(self, order_id: UUID) -> list[DomainEvent]: ...


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    application: str
    what: str
    detail: str


def order_history(
    applications: Iterable[KeepsOrderEvents], order_id: UUID
) -> list[HistoryEntry]:
    """Every recorded event about the order, oldest first; empty if none."""
    entries = []
    for app in applications:
        for event in app.get_events(order_id):
            step = describe(event)
            if step is not None:
                at = event.timestamp
                entries.append(HistoryEntry(at, app.name, step.what, step.detail))
    return sorted(entries, key=lambda entry: entry.at)
