"""Queries on the order status view, answered as plain data (never rows)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any
from uuid import UUID

from sqlalchemy import Text, bindparam, cast, false, func, or_, select
from sqlalchemy.engine import RowMapping

from pizza.infrastructure.core_recorders import Reader
from pizza.status import tables

# The queries asked on every request are built once and given their values on
# execution, so SQLAlchemy neither rebuilds nor re-keys them each time.
STEP_COLUMNS = ("occurred_at", "event", "application", "detail")
ORDER_AND_TIMELINE = (
    select(tables.orders, *(tables.timeline.c[name] for name in STEP_COLUMNS))
    .outerjoin(tables.timeline, tables.timeline.c.order_id == tables.orders.c.order_id)
    .where(tables.orders.c.order_id == bindparam("order_id"))
    .order_by(tables.timeline.c.occurred_at, tables.timeline.c.id)
)
ORDERS_OF = (
    select(tables.orders)
    .where(tables.orders.c.customer_id == bindparam("customer_id"))
    .order_by(tables.orders.c.requested_at.desc())
    .limit(bindparam("limit"))
)


def get_order(session: Reader, order_id: UUID) -> dict[str, Any] | None:
    """The order and its timeline, read in one statement so both are of the
    same moment (two reads could see a status its timeline does not have yet,
    as PostgreSQL gives each statement of a transaction its own snapshot)."""
    rows = session.execute(ORDER_AND_TIMELINE, {"order_id": str(order_id)})
    steps = rows.mappings().all()
    if not steps:
        return None
    timeline = [step_view(step) for step in steps if step["event"] is not None]
    return {**order_view(steps[0]), "timeline": timeline}


def list_orders(session: Reader, customer_id: str, limit: int) -> list[dict[str, Any]]:
    """The customer's orders, newest first, without their timelines."""
    values = {"customer_id": customer_id, "limit": limit}
    return [order_view(row) for row in session.execute(ORDERS_OF, values).mappings()]


def search_orders(
    session: Reader, customer_id: str, words: Sequence[str], limit: int
) -> list[dict[str, Any]]:
    """The customer's orders, newest first, that match every word: the start
    of the order's id, or a part of its delivery address or of its pizzas'
    sauce, cheese or toppings (in any letter case)."""
    words = [word.lower() for word in words]
    orders = tables.orders.c
    query = select(tables.orders).where(orders.customer_id == customer_id)
    for word in words:  # narrows the rows; ``matches`` then decides
        query = query.where(
            or_(
                orders.order_id.startswith(word, autoescape=True),
                func.lower(orders.address).contains(word, autoescape=True),
                func.lower(cast(orders.pizzas, Text)).contains(word, autoescape=True),
            )
        )
    query = query.order_by(orders.requested_at.desc())
    found = (order_view(row) for row in session.execute(query).mappings())
    return list(islice((order for order in found if matches(order, words)), limit))


def find_orders(
    session: Reader, words: Sequence[tuple[str, str]], limit: int
) -> list[dict[str, Any]]:
    """Any customer's orders, newest first, that match every word: the start
    of the order's id, or a part of its customer's name or email (in any letter
    case), or of their phone's digits. Each word comes with its digits (empty
    if it has too few to look for in a phone)."""
    orders, customers = tables.orders.c, tables.customers.c
    query = select(
        tables.orders, customers.name, customers.email, customers.phone
    ).select_from(
        tables.orders.outerjoin(
            tables.customers, customers.customer_id == orders.customer_id
        )
    )
    for word, digits in words:
        word = word.lower()
        query = query.where(
            or_(
                orders.order_id.startswith(word, autoescape=True),
                func.lower(customers.name).contains(word, autoescape=True),
                func.lower(customers.email).contains(word, autoescape=True),
                customers.phone_digits.contains(digits, autoescape=True)
                if digits
                else false(),
            )
        )
    query = query.order_by(orders.requested_at.desc(), orders.order_id).limit(limit)
    return [
        {**order_view(row), "customer": customer_view(row)}
        for row in session.execute(query).mappings()
    ]


def customer_view(row: RowMapping) -> dict[str, str] | None:
    """Who placed the order; None for an order placed without an account, or
    by a customer since forgotten."""
    if row["email"] is None:
        return None
    return {"name": row["name"], "email": row["email"], "phone": row["phone"]}


def matches(order: dict[str, Any], words: Sequence[str]) -> bool:
    """Whether every word starts the order's id or is part of its address or
    of what its pizzas are made of (not of the names of their fields)."""
    made_of = [
        str(part).lower()
        for pizza in order["pizzas"]
        for key, value in pizza.items()
        if key != "price"
        for part in (value if isinstance(value, list) else [value])
    ]
    address = (order["address"] or "").lower()
    return all(
        order["id"].startswith(word)
        or word in address
        or any(word in part for part in made_of)
        for word in words
    )


def list_in_stages(
    session: Reader, stages: Collection[str], moved_before: datetime | None
) -> list[dict[str, Any]]:
    """Orders now in one of ``stages``, oldest first; only those that have not
    moved since ``moved_before``, if given."""
    query = select(tables.orders).where(tables.orders.c.status.in_(stages))
    if moved_before is not None:
        query = query.where(tables.orders.c.updated_at < moved_before)
    query = query.order_by(tables.orders.c.requested_at, tables.orders.c.order_id)
    return [order_view(row) for row in session.execute(query).mappings()]


def count_by_status(session: Reader) -> dict[str, int]:
    counts = tables.status_counts
    rows = session.execute(select(counts).where(counts.c.orders > 0))
    return {status: orders for status, orders in rows}


def timeline_steps(session: Reader) -> int:
    """How many steps all the timelines hold together."""
    return session.scalar(select(func.count()).select_from(tables.timeline)) or 0


def step_durations(
    session: Reader, step: str, next_step: str, limit: int
) -> list[timedelta]:
    """How long ``step`` lasted for the last ``limit`` orders that went on
    from it to ``next_step``, latest first: the time between the two events
    on each one's timeline."""
    entered, left = tables.timeline.alias("entered"), tables.timeline.alias("left")
    query = (
        select(entered.c.occurred_at, left.c.occurred_at)
        .join(entered, entered.c.order_id == left.c.order_id)
        .where(left.c.event == next_step, entered.c.event == step)
        .order_by(left.c.id.desc())
        .limit(limit)
    )
    return [
        end - start
        for start, end in (
            (as_utc(start), as_utc(end)) for start, end in session.execute(query)
        )
        if start is not None and end is not None
    ]


def steps_since(session: Reader, since: datetime) -> list[tuple[str, datetime]]:
    """Each step of every order's timeline since ``since``: what, and when."""
    timeline = tables.timeline.c
    query = select(timeline.event, timeline.occurred_at).where(
        timeline.occurred_at >= since
    )
    return [
        (event, at)
        for event, occurred_at in session.execute(query)
        if (at := as_utc(occurred_at)) is not None
    ]


def order_view(row: RowMapping) -> dict[str, Any]:
    prices = row["line_prices"] or []
    pizzas = [
        {**pizza, "price": Decimal(prices[i]) if i < len(prices) else None}
        for i, pizza in enumerate(row["pizzas"] or [])
    ]
    total = row["total_cents"]
    return {
        "id": row["order_id"],
        "customer_id": row["customer_id"],
        "address": row["address"],
        "status": row["status"],
        "pizzas": pizzas,
        "total": None if total is None else Decimal(total).scaleb(-2),
        "reasons": list(row["reasons"]),
        "delayed": row["delayed"],
        "requested_at": as_utc(row["requested_at"]),
        "updated_at": as_utc(row["updated_at"]),
    }


def step_view(row: RowMapping) -> dict[str, Any]:
    return {
        "at": as_utc(row["occurred_at"]),
        "event": row["event"],
        "application": row["application"],
        "detail": row["detail"],
    }


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every time the view stores is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
