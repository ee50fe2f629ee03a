"""How each event changes the order status view.

Events from different applications may arrive in any order (each application's
log is read separately), so every change is an upsert that never moves an order
back to an earlier status.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import singledispatch
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEvent, DomainEventProtocol
from eventsourcing.persistence import Tracking
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.status import tables

STATUS_RANK = {"requested": 0, "validated": 1, "rejected": 1}


def to_cents(amount: Decimal) -> int:
    return int(amount.scaleb(2).to_integral_value())


@singledispatch
def project(
    event: DomainEventProtocol[UUID], session: Session, tracking: Tracking
) -> None:
    """Events the view does not show change nothing."""


@project.register
def _(event: Order.Requested, session: Session, tracking: Tracking) -> None:
    order_id = str(event.originator_id)
    contents: dict[str, Any] = {
        "customer_id": event.customer_id,
        "address": event.address,
        "pizzas": [pizza.as_dict() for pizza in event.pizzas],
        "requested_at": event.timestamp,
    }
    upsert_order(session, order_id, "requested", event.timestamp, contents)
    count = len(event.pizzas)
    detail = f"{count} pizza{'s' if count != 1 else ''} for {event.address!r}"
    add_to_timeline(session, order_id, event, tracking, "requested", detail)


@project.register
def _(event: OrderCheck.Validated, session: Session, tracking: Tracking) -> None:
    order_id = str(event.order_id)
    contents = {
        "line_prices": [str(price) for price in event.line_prices],
        "total_cents": to_cents(event.total),
    }
    upsert_order(session, order_id, "validated", event.timestamp, contents)
    detail = f"priced at {event.total}"
    add_to_timeline(session, order_id, event, tracking, "validated", detail)


@project.register
def _(event: OrderCheck.Rejected, session: Session, tracking: Tracking) -> None:
    order_id = str(event.order_id)
    contents = {"reasons": list(event.reasons)}
    upsert_order(session, order_id, "rejected", event.timestamp, contents)
    detail = " ".join(event.reasons)
    add_to_timeline(session, order_id, event, tracking, "rejected", detail)


def upsert_order(
    session: Session,
    order_id: str,
    status: str,
    at: datetime,
    contents: dict[str, Any],
) -> None:
    current = session.execute(
        select(tables.orders.c.status).where(tables.orders.c.order_id == order_id)
    ).scalar_one_or_none()
    if current is None:
        row = {"order_id": order_id, "status": status, "updated_at": at}
        session.execute(
            insert(tables.orders).values({"reasons": [], **row, **contents})
        )
        return
    changes = dict(contents)
    if STATUS_RANK[status] >= STATUS_RANK[current]:
        changes.update(status=status, updated_at=at)
    session.execute(
        update(tables.orders)
        .where(tables.orders.c.order_id == order_id)
        .values(**changes)
    )


def add_to_timeline(
    session: Session,
    order_id: str,
    event: DomainEvent,
    tracking: Tracking,
    what: str,
    detail: str,
) -> None:
    session.execute(
        insert(tables.timeline).values(
            order_id=order_id,
            occurred_at=event.timestamp,
            event=what,
            application=tracking.application_name,
            notification_id=tracking.notification_id,
            detail=detail,
        )
    )
