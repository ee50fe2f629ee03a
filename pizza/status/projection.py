"""The order status projection: what each event changes in the view.

The decisions live here; ``ViewWriter`` (``pizza.status.recorder``) only carries
them out, in the transaction that also records how far the view has read.

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

from pizza.domain.customer import Customer
from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.text import digits_of
from pizza.domain.ticket import KitchenTicket
from pizza.infrastructure.privacy import ERASED
from pizza.status.recorder import ViewWriter
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
STATUSES = tuple(STATUS_RANK)
"""Every status an order can have, in the order an order reaches them."""
FINAL_STATUSES = frozenset({"rejected", "delivered", "cancelled"})
"""Statuses after which nothing more happens to an order."""


def to_cents(amount: Decimal) -> int:
    return int(amount.scaleb(2).to_integral_value())


@singledispatch
def project(
    event: DomainEventProtocol[UUID], view: ViewWriter, tracking: Tracking
) -> None:
    """Events the view does not show change nothing."""


@project.register
def _(event: Order.Requested, view: ViewWriter, tracking: Tracking) -> None:
    contents = {
        "customer_id": event.customer_id,
        "address": None if event.address == ERASED else event.address,
        "pizzas": [pizza.as_dict() for pizza in event.pizzas],
        "requested_at": event.timestamp,
    }
    record_step(view, event, tracking, event.originator_id, contents)


@project.register
def _(event: OrderCheck.Validated, view: ViewWriter, tracking: Tracking) -> None:
    contents = {
        "line_prices": [str(price) for price in event.line_prices],
        "total_cents": to_cents(event.total),
    }
    record_step(view, event, tracking, event.order_id, contents)


@project.register
def _(event: OrderCheck.Rejected, view: ViewWriter, tracking: Tracking) -> None:
    contents = {"reasons": list(event.reasons)}
    record_step(view, event, tracking, event.order_id, contents)


@project.register
def _(event: KitchenTicket.Moved, view: ViewWriter, tracking: Tracking) -> None:
    record_step(view, event, tracking, event.order_id, {"delayed": False})


@project.register
def _(event: KitchenTicket.Cancelled, view: ViewWriter, tracking: Tracking) -> None:
    record_step(view, event, tracking, event.order_id, {"delayed": False})


@project.register
def _(
    event: KitchenTicket.CancelledByShop, view: ViewWriter, tracking: Tracking
) -> None:
    contents = {"delayed": False, "reasons": [event.reason]}
    record_step(view, event, tracking, event.order_id, contents)


@project.register
def _(event: KitchenTicket.Delayed, view: ViewWriter, tracking: Tracking) -> None:
    """Flags the order, unless the view shows it has moved on already."""
    current = view.status_of(str(event.order_id))
    contents = {"delayed": True} if current == event.stage else {}
    record_step(view, event, tracking, event.order_id, contents, moves=False)


@project.register
def _(event: Customer.Registered, view: ViewWriter, tracking: Tracking) -> None:
    """Who the customer is, for staff looking for their orders (not once
    they are forgotten: a rebuilt view reads their details as erased)."""
    if event.email != ERASED:
        columns = {"name": event.name, "email": event.email}
        view.add_customer(str(event.originator_id), columns | phone(event.phone))


@project.register
def _(event: Customer.DetailsChanged, view: ViewWriter, tracking: Tracking) -> None:
    if event.name != ERASED:
        view.update_customer(
            str(event.originator_id), {"name": event.name} | phone(event.phone)
        )


def phone(number: str) -> dict[str, str]:
    """The phone as typed, and its digits alone (to find it however typed)."""
    return {"phone": number, "phone_digits": digits_of(number)}


@project.register
def _(event: Customer.Forgotten, view: ViewWriter, tracking: Tracking) -> None:
    """The customer's orders stay, without their personal data."""
    view.forget_customer(str(event.originator_id))


def record_step(
    view: ViewWriter,
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
        move_order(view, str(order_id), step.what, event, contents)
    elif contents:
        view.update_order(str(order_id), contents)
    view.add_step(str(order_id), event.timestamp, step.what, step.detail, tracking)


def move_order(
    view: ViewWriter,
    order_id: str,
    status: str,
    event: DomainEvent,
    contents: dict[str, Any],
) -> None:
    """Adds the order in ``status``, or moves it there unless it is further on
    already (an event of another log may have arrived first)."""
    current = view.status_of(order_id)
    changes = dict(contents)
    if current is None or STATUS_RANK[status] >= STATUS_RANK[current]:
        changes.update(status=status, updated_at=event.timestamp)
    if current is None:
        view.add_order(order_id, changes)
        view.count(status, +1)
    else:
        view.update_order(order_id, changes)
        if changes.get("status", current) != current:
            view.count(current, -1)
            view.count(status, +1)


SHOWN_EVENTS = tuple(get_topic(cls) for cls in project.registry if cls is not object)
"""The topics of the events the view shows: it reads no others."""
