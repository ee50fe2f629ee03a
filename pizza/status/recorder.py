"""Storage of the order status view: its tables and the writes the projection
asks for, each batch in one transaction with its tracking record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from eventsourcing.persistence import Tracking
from sqlalchemy import bindparam, delete, insert, inspect, select, text, update
from sqlalchemy.engine import Connection, Engine

from pizza.infrastructure.core_recorders import CoreProcessRecorder, Reader
from pizza.status import tables

VIEW_CHANNEL = "order_status_view"
"""On PostgreSQL, each change of the view is announced on this channel when it
commits, so web processes wake their waiting pages at once."""


class OrderStatusRecorder(CoreProcessRecorder):
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

    @contextmanager
    def changing(self, last: Tracking) -> Iterator[ViewWriter]:
        """One transaction that records ``last`` as the view's position and
        whatever the caller writes; commits if the block ends normally.

        Raises ``IntegrityError``, and changes nothing, if ``last`` or any step
        written was recorded before: the tracking record refuses the position,
        and the timeline's unique source column any step.
        """
        with self.transaction(commit=True) as session:
            self._insert_tracking(session, last)
            yield ViewWriter(session)
            if self.datastore.engine.dialect.name == "postgresql":  # type: ignore[union-attr]
                session.execute(text(f"NOTIFY {VIEW_CHANNEL}"))  # on commit

    def announcements(self) -> dict[str, Any] | None:
        """Where to hear the view's announcements (psycopg's connection
        settings), or None: only PostgreSQL makes them."""
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        if engine.dialect.name != "postgresql":
            return None
        url = engine.url
        settings = {
            "host": url.host,
            "port": url.port,
            "user": url.username,
            "password": url.password,
            "dbname": url.database,
        }
        return {**settings, **url.query}

    def clear(self) -> None:
        """Empties the view and forgets how far it had read (for a rebuild)."""
        with self.transaction(commit=True) as session:
            session.execute(delete(tables.timeline))
            session.execute(delete(tables.orders))
            session.execute(delete(tables.status_counts))
            session.execute(delete(self.tracking_table))


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
ADD_TO_COUNT = (
    update(tables.status_counts)
    .where(tables.status_counts.c.status == bindparam("the_status"))
    .values(orders=tables.status_counts.c.orders + bindparam("delta"))
)
INSERT_COUNT = insert(tables.status_counts)


class ViewWriter:
    """The writes the projection may make, inside one transaction."""

    def __init__(self, session: Reader) -> None:
        self.session = session

    def status_of(self, order_id: str) -> str | None:
        """The order's status as this transaction sees it; None if no row."""
        status: str | None = self.session.execute(
            SELECT_STATUS, {"the_order_id": order_id}
        ).scalar_one_or_none()
        return status

    def add_order(self, order_id: str, columns: dict[str, Any]) -> None:
        self.session.execute(
            INSERT_ORDER, {"order_id": order_id, "reasons": [], **columns}
        )

    def update_order(self, order_id: str, columns: dict[str, Any]) -> None:
        self.session.execute(UPDATE_ORDER, {"the_order_id": order_id, **columns})

    def forget_customer(self, customer_id: str) -> None:
        """Drops the personal data the view holds of the customer."""
        self.session.execute(
            update(tables.orders)
            .where(tables.orders.c.customer_id == customer_id)
            .values(address=None)
        )

    def count(self, status: str, delta: int) -> None:
        """Adds ``delta`` to the number of orders in ``status``."""
        changed = self.session.execute(
            ADD_TO_COUNT, {"the_status": status, "delta": delta}
        )
        if changed.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(INSERT_COUNT, {"status": status, "orders": delta})

    def add_step(
        self, order_id: str, at: datetime, what: str, detail: str, source: Tracking
    ) -> None:
        """Adds a step to the order's timeline; ``source`` is the event's place
        in its application's log, which the timeline takes once only."""
        self.session.execute(
            INSERT_STEP,
            {
                "order_id": order_id,
                "occurred_at": at,
                "event": what,
                "application": source.application_name,
                "notification_id": source.notification_id,
                "detail": detail,
            },
        )


def stored_schema_version(connection: Connection) -> int | None:
    if not inspect(connection).has_table(tables.meta.name):
        return None
    value = connection.execute(
        select(tables.meta.c.value).where(tables.meta.c.name == "schema_version")
    ).scalar_one_or_none()
    return None if value is None else int(value)
