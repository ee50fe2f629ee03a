"""How each event changes the order status view.

Events from different applications may arrive in any order (each application's
log is read separately), so every change is an upsert that never moves an order
back to an earlier status.
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatch
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEvent, DomainEventProtocol
from eventsourcing.persistence import Tracking
from eventsourcing.utils import get_topic
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import KitchenTicket
from pizza.status import tables
from pizza.timeline import describe

STATUS_RANK = {
    "requested": 0,
    "validated": 1,
    "rejected": 1,
    "assembling": 2,
    "baking": 3,
    "out_for_delivery": 4,
    "delivered": 5,
    "cancelled": 5,
}
FINAL_STATUSES = frozenset({"rejected", "delivered", "cancelled"})
"""Statuses after which nothing more happens to an order."""


def to_cents(amount: Decimal) -> int:
    return int(amount.scaleb(2).to_integral_value())


@singledispatch
def project(
    event: DomainEventProtocol[UUID], session: Session, tracking: Tracking
) -> None:
    """Events the view does not show change nothing."""


@project.register
def _(event: Order.Requested, session: Session, tracking: Tracking) -> None:
    contents = {
        "customer_id": event.customer_id,
        "address": event.address,
        "pizzas": [pizza.as_dict() for pizza in event.pizzas],
        "requested_at": event.timestamp,
    }
    record_step(session, event, tracking, event.originator_id, contents)


@project.register
def _(event: OrderCheck.Validated, session: Session, tracking: Tracking) -> None:
    contents = {
        "line_prices": [str(price) for price in event.line_prices],
        "total_cents": to_cents(event.total),
    }
    record_step(session, event, tracking, event.order_id, contents)


@project.register
def _(event: OrderCheck.Rejected, session: Session, tracking: Tracking) -> None:
    contents = {"reasons": list(event.reasons)}
    record_step(session, event, tracking, event.order_id, contents)


@project.register
def _(event: KitchenTicket.Moved, session: Session, tracking: Tracking) -> None:
    record_step(session, event, tracking, event.order_id, {"delayed": False})


@project.register
def _(event: KitchenTicket.Cancelled, session: Session, tracking: Tracking) -> None:
    record_step(session, event, tracking, event.order_id, {"delayed": False})


@project.register
def _(event: KitchenTicket.Delayed, session: Session, tracking: Tracking) -> None:
    """Flags the order, unless the view shows it has moved on already."""
    current = current_status(session, str(event.order_id))
    contents = {"delayed": True} if current == event.stage else {}
    record_step(session, event, tracking, event.order_id, contents, moves=False)


def record_step(
    session: Session,
    event: DomainEvent,
    tracking: Tracking,
    order_id: UUID,
    contents: dict[str, Any],
    *,
    moves: bool = True,
) -> None:
    """Updates the order's row and adds the event to its timeline; the order's
    status becomes the step's unless ``moves`` is False."""
    step = describe(event)
    assert step is not None, f"{type(event).__name__} has no timeline description"
    if moves:
        upsert_order(session, str(order_id), step.what, event, contents)
    elif contents:
        session.execute(UPDATE_ORDER, {"the_order_id": str(order_id), **contents})
    timeline_row = {
        "order_id": str(order_id),
        "occurred_at": event.timestamp,
        "event": step.what,
        "application": tracking.application_name,
        "notification_id": tracking.notification_id,
        "detail": step.detail,
    }
    session.execute(INSERT_STEP, timeline_row)


# Statements are built once and given their values on execution, so SQLAlchemy
# compiles each of them once rather than for every event.
SELECT_STATUS = select(tables.orders.c.status).where(
    tables.orders.c.order_id == bindparam("the_order_id")
)
INSERT_ORDER = insert(tables.orders)
UPDATE_ORDER = update(tables.orders).where(
    tables.orders.c.order_id == bindparam("the_order_id")
)
INSERT_STEP = insert(tables.timeline)


def upsert_order(
    session: Session,
    order_id: str,
    status: str,
    event: DomainEvent,
    contents: dict[str, Any],
) -> None:
    current = current_status(session, order_id)
    if current is None:
        row = {"order_id": order_id, "reasons": []}
        moved = {"status": status, "updated_at": event.timestamp}
        session.execute(INSERT_ORDER, {**row, **moved, **contents})
        return
    changes = dict(contents)
    if STATUS_RANK[status] >= STATUS_RANK[current]:
        changes.update(status=status, updated_at=event.timestamp)
    session.execute(UPDATE_ORDER, {"the_order_id": order_id, **changes})


def current_status(session: Session, order_id: str) -> str | None:
    result: str | None = session.execute(
        SELECT_STATUS, {"the_order_id": order_id}
    ).scalar_one_or_none()
    return result


SHOWN_EVENTS = tuple(get_topic(cls) for cls in project.registry if cls is not object)
"""The topics of the events the view shows: it reads no others."""
