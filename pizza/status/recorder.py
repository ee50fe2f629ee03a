"""Storage of the order status view: its tables, its tracking, and its queries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.system import ProcessingJob
from eventsourcing_sqlalchemy.recorders import SQLAlchemyProcessRecorder
from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine, RowMapping

from pizza.status import tables
from pizza.status.projector import project

NEWEST_FIRST_LIMIT = 100


class OrderStatusRecorder(SQLAlchemyProcessRecorder):
    """Writes each change of the view in the same transaction as its tracking
    record, so a crash can neither lose an update nor apply it twice.

    It is a process recorder because the library's followers expect one; a
    projection records no events of its own, so its events table is never made.
    """

    def create_table(self) -> None:
        """Makes the tables; if they were made for another shape of the view,
        drops them and forgets the tracking, so the view is rebuilt from the log."""
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        self.tracking_table.create(engine, checkfirst=True)
        with engine.begin() as connection:
            if stored_schema_version(connection) != tables.SCHEMA_VERSION:
                tables.metadata.drop_all(connection)
                connection.execute(delete(self.tracking_table))
            tables.metadata.create_all(connection)
            connection.execute(delete(tables.meta))
            connection.execute(
                insert(tables.meta),
                {"name": "schema_version", "value": str(tables.SCHEMA_VERSION)},
            )

    def record_changes(self, jobs: Sequence[ProcessingJob[UUID]]) -> None:
        """Applies a run of one leader's events, in log order, in one transaction.

        Raises ``IntegrityError``, and changes nothing, if any of them was applied
        before: the tracking record refuses the run's last position, and the
        timeline's unique source column any other.
        """
        with self.transaction(commit=True) as session:
            self._insert_tracking(session, jobs[-1][1])
            for event, tracking in jobs:
                project(event, session, tracking)

    def clear(self) -> None:
        """Empties the view and forgets how far it had read (for a rebuild)."""
        with self.transaction(commit=True) as session:
            session.execute(delete(tables.timeline))
            session.execute(delete(tables.orders))
            session.execute(delete(self.tracking_table))

    def get_order(self, order_id: UUID) -> dict[str, Any] | None:
        """The order and its timeline. The timeline is read first: the two reads
        may see different moments, and this way the row is never older than the
        timeline, so a reader that waits for more steps never misses one."""
        with self.transaction(commit=False) as session:
            events = session.execute(
                select(tables.timeline)
                .where(tables.timeline.c.order_id == str(order_id))
                .order_by(tables.timeline.c.occurred_at, tables.timeline.c.id)
            ).mappings()
            timeline = [event_view(e) for e in events]
            row = (
                session.execute(
                    select(tables.orders).where(
                        tables.orders.c.order_id == str(order_id)
                    )
                )
                .mappings()
                .one_or_none()
            )
            if row is None:
                return None
            return {**order_view(row), "timeline": timeline}

    def list_orders(
        self, customer_id: str, limit: int = NEWEST_FIRST_LIMIT
    ) -> list[dict[str, Any]]:
        with self.transaction(commit=False) as session:
            rows = session.execute(
                select(tables.orders)
                .where(tables.orders.c.customer_id == customer_id)
                .order_by(tables.orders.c.requested_at.desc())
                .limit(limit)
            ).mappings()
            return [order_view(row) for row in rows]

    def list_in_stages(
        self, stages: Collection[str], moved_before: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Orders now in one of ``stages``, oldest first; only those that have
        not moved since ``moved_before``, if given."""
        query = select(tables.orders).where(tables.orders.c.status.in_(stages))
        if moved_before is not None:
            query = query.where(tables.orders.c.updated_at < moved_before)
        query = query.order_by(tables.orders.c.requested_at, tables.orders.c.order_id)
        with self.transaction(commit=False) as session:
            return [order_view(row) for row in session.execute(query).mappings()]

    def count_by_status(self) -> dict[str, int]:
        with self.transaction(commit=False) as session:
            rows = session.execute(
                select(tables.orders.c.status, func.count()).group_by(
                    tables.orders.c.status
                )
            )
            return {status: count for status, count in rows}


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


def event_view(row: RowMapping) -> dict[str, Any]:
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


def stored_schema_version(connection: Connection) -> int | None:
    if not inspect(connection).has_table(tables.meta.name):
        return None
    value = connection.execute(
        select(tables.meta.c.value).where(tables.meta.c.name == "schema_version")
    ).scalar_one_or_none()
    return None if value is None else int(value)
