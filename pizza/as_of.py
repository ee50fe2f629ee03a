"""Time travel: an order as it stood after any of its events, or at any moment,
rebuilt from the event logs by the aggregates' own events (not from the view).

An order's life is recorded by three aggregates in three logs: the ``Order``
(what was asked for), its ``OrderCheck`` (validation's decision and prices) and
its ``KitchenTicket`` (the stages, cancellations, flags). Its *steps* are all
their events in the order they happened that the timeline shows, numbered
from 1 as ``pizza history`` prints them; "as of step N" replays every event up
to the N-th step (a ticket's opening, which no timeline shows, included), "as of
a moment" every event recorded by then, each aggregate from its own events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate, AggregateEvent, DomainEvent

from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import KitchenTicket
from pizza.history import KeepsOrderEvents
from pizza.infrastructure.privacy import ERASED
from pizza.timeline import describe

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class AsOf:
    """Where to stop: after the ``step``-th event, or at ``moment``."""

    step: int | None = None
    moment: datetime | None = None

    def keeps(self, step: int, event: DomainEvent) -> bool:
        """Whether the event, which would be the ``step``-th, happened by then."""
        if self.step is not None:
            return step <= self.step
        assert self.moment is not None
        return event.timestamp <= self.moment


AS_OF_RULE = "a step number (1, 2, ...) or an ISO 8601 time, e.g. 2026-11-28T19:42:00Z"


def parse_as_of(text: str) -> AsOf:
    """``--at`` or ``?at=`` as given: a step number, or a moment (UTC unless
    it says otherwise). Raises ``ValueError`` naming what it takes."""
    text = text.strip()
    if text.isdigit() and len(text) < 7:
        if int(text) < 1:
            raise ValueError(f"takes {AS_OF_RULE}")
        return AsOf(step=int(text))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"takes {AS_OF_RULE}") from None
    return AsOf(moment=moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def order_as_of(
    applications: Iterable[KeepsOrderEvents], order_id: UUID, as_of: AsOf
) -> dict[str, Any] | None:
    """The order as it stood then, shaped as the view shows an order (status,
    address, pizzas and prices, total, reasons, delayed flag, timeline so
    far), with ``step`` and ``steps`` (how many it has in all); None if it had
    no events by then."""
    events = sorted(
        (
            (event, app.name)
            for app in applications
            for event in app.get_events(order_id)
        ),
        key=lambda pair: pair[0].timestamp,
    )
    kept: list[tuple[DomainEvent, str]] = []
    step = 0
    for event, name in events:
        shown = describe(event) is not None
        if not as_of.keeps(step + shown, event):
            break
        step += shown
        kept.append((event, name))
    if step == 0:
        return None
    aggregates = replayed(event for event, _ in kept)
    order = find(aggregates, Order)
    check = find(aggregates, OrderCheck)
    ticket = find(aggregates, KitchenTicket)
    prices = list(check.line_prices) if check else []
    pizzas = order.pizzas if order else ()
    return {
        "id": str(order_id),
        "customer_id": order.customer_id if order else None,
        "address": None if not order or order.address == ERASED else order.address,
        "status": status_of(check, ticket),
        "pizzas": [
            {**pizza.as_dict(), "price": prices[i] if i < len(prices) else None}
            for i, pizza in enumerate(pizzas)
        ],
        "total": check.total if check else None,
        "reasons": reasons_of(check, ticket),
        "delayed": bool(ticket and ticket.delayed),
        "requested_at": kept[0][0].timestamp,
        "updated_at": kept[-1][0].timestamp,
        "timeline": [
            step_of(event, name) for event, name in kept if describe(event) is not None
        ],
        "estimate": None,
        "late": False,
        "step": step,
        "steps": sum(describe(event) is not None for event, _ in events),
    }


def replayed(events: Iterable[DomainEvent]) -> list[Aggregate]:
    """Each aggregate the events belong to, mutated by them in turn."""
    aggregates: dict[UUID, Aggregate | None] = {}
    for event in events:
        assert isinstance(event, AggregateEvent)
        aggregates[event.originator_id] = event.mutate(
            aggregates.get(event.originator_id)
        )
    return [aggregate for aggregate in aggregates.values() if aggregate is not None]


def find(aggregates: list[Aggregate], cls: type[A]) -> A | None:
    return next((a for a in aggregates if isinstance(a, cls)), None)


def status_of(check: OrderCheck | None, ticket: KitchenTicket | None) -> str:
    if ticket is not None:
        return ticket.stage
    if check is not None:
        return "validated" if check.total is not None else "rejected"
    return "requested"


def reasons_of(check: OrderCheck | None, ticket: KitchenTicket | None) -> list[str]:
    if check is not None and check.reasons:
        return list(check.reasons)
    return [ticket.reason] if ticket is not None and ticket.reason else []


def step_of(event: DomainEvent, application: str) -> dict[str, Any]:
    step = describe(event)
    assert step is not None
    return {
        "at": event.timestamp,
        "event": step.what,
        "application": application,
        "detail": step.detail,
    }
