"""What an operator reads of the logs: the latest events of an application, a
page of its log filtered by order and by kind of event, and one event exactly
as stored (its JSON, personal fields still sealed)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import KitchenTicket

SCANNED_AT_ONCE = 500
MOST_SCANNED = 20_000
"""How far back one page of a filtered browse looks before it stops."""


@dataclass(frozen=True)
class LoggedEvent:
    """One event of a log as stored: where, what kind, of which aggregate."""

    application: str
    notification_id: int
    originator_id: str
    originator_version: int
    topic: str
    stored: str

    @property
    def kind(self) -> str:
        """``Order.Requested`` for ``pizza.domain.order:Order.Requested``."""
        return self.topic.rpartition(":")[2]


@dataclass(frozen=True)
class Page:
    events: list[LoggedEvent]
    older: int | None
    """Where the next page starts (a notification id to read before), if
    there is more to read."""


def logged(application: str, notification: Notification) -> LoggedEvent:
    return LoggedEvent(
        application,
        notification.id,
        str(notification.originator_id),
        notification.originator_version,
        notification.topic,
        notification.state.decode("utf-8", errors="replace"),
    )


def aggregates_of(order_id: UUID) -> frozenset[str]:
    """The ids of every aggregate about the order: the order itself, its
    check and its kitchen ticket."""
    return frozenset(
        str(aggregate_id)
        for aggregate_id in (
            order_id,
            OrderCheck.id_for(order_id),
            KitchenTicket.id_for(order_id),
        )
    )


def browse(
    app: Application[UUID],
    *,
    order_id: UUID | None = None,
    kind: str = "",
    before: int | None = None,
    limit: int = 50,
) -> Page:
    """The newest events of the log (before ``before``), newest first, of
    the order's aggregates if ``order_id``, and whose kind ends with
    ``kind`` (any letter case) if given."""
    wanted: Collection[str] | None = (
        None if order_id is None else aggregates_of(order_id)
    )
    kind = kind.strip().casefold()
    end = (app.recorder.max_notification_id() or 0) + 1 if before is None else before
    found: list[LoggedEvent] = []
    scanned = 0
    while end > 1 and len(found) < limit and scanned < MOST_SCANNED:
        start = max(1, end - SCANNED_AT_ONCE)
        section = app.recorder.select_notifications(
            start=start, limit=end - start, stop=end - 1
        )
        scanned += end - start
        for notification in reversed(section):
            event = logged(app.name, notification)
            if wanted is not None and event.originator_id not in wanted:
                continue
            if kind and not event.kind.casefold().endswith(kind):
                continue
            found.append(event)
            if len(found) == limit:
                return Page(found, notification.id)
        end = start
    return Page(found, end if end > 1 else None)


def stored_event(app: Application[UUID], notification_id: int) -> LoggedEvent | None:
    """The event at ``notification_id`` of the log, or None."""
    found = app.recorder.select_notifications(start=notification_id, limit=1)
    if not found or found[0].id != notification_id:
        return None
    return logged(app.name, found[0])
