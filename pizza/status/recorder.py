"""Storage of the order status view: its tables and the writes the projection
asks for, each batch in one transaction with its tracking record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator
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

    outdated: int | None = None
    """The schema version of tables made for another shape of the view, left
    as they are until a rebuild beside them replaces them (``pizza.rebuild``)."""

    def create_table(self) -> None:
        """Makes the tables, unless tables of another shape of the view are
        there (see ``outdated``)."""
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        self.tracking_table.create(engine, checkfirst=True)
        with engine.begin() as connection:
            stored = stored_schema_version(connection)
            if stored is not None and stored != tables.SCHEMA_VERSION:
                self.outdated = stored
                return
            create_view_tables(connection)

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
            writer = ViewWriter(session)
            yield writer
            writer.flush()
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
            session.execute(delete(tables.customers))
            session.execute(delete(self.tracking_table))


# Statements are built once and given their values on execution, so SQLAlchemy
# compiles each of them once rather than for every event.
SELECT_STATUS = select(tables.orders.c.status).where(
    tables.orders.c.order_id == bindparam("the_order_id")
)
SELECT_STATUSES = select(tables.orders.c.order_id, tables.orders.c.status).where(
    tables.orders.c.order_id.in_(bindparam("order_ids", expanding=True))
)
STATUSES_AT_ONCE = 500
"""Order ids per query of ``read_statuses`` (SQLite takes 999 parameters)."""
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
    """The writes the projection may make, inside one transaction.

    Writes are gathered and made together by ``flush`` at the end of the
    section: each new order inserted once with everything the section says of
    it, each known order updated once, the timeline's steps and the counts'
    changes in one statement each (``executemany``). Reads see the gathered
    writes (``status_of``), so the projection decides as if each were made at
    once.
    """

    def __init__(self, session: Reader) -> None:
        self.session = session
        self.statuses: dict[str, str | None] = {}  # as this section leaves them
        self.new_orders: dict[str, dict[str, Any]] = {}
        self.changed_orders: dict[str, dict[str, Any]] = {}
        self.steps: list[dict[str, Any]] = []
        self.counts: Counter[str] = Counter()

    def status_of(self, order_id: str) -> str | None:
        """The order's status as this transaction sees it; None if no row."""
        if order_id not in self.statuses:
            self.statuses[order_id] = self.session.execute(
                SELECT_STATUS, {"the_order_id": order_id}
            ).scalar_one_or_none()
        return self.statuses[order_id]

    def read_statuses(self, order_ids: Collection[str | None]) -> None:
        """Reads the statuses of these orders at once, so that ``status_of``
        finds them without a query each."""
        wanted = sorted(i for i in order_ids if i and i not in self.statuses)
        for first in range(0, len(wanted), STATUSES_AT_ONCE):
            chunk = wanted[first : first + STATUSES_AT_ONCE]
            self.statuses.update(dict.fromkeys(chunk))
            found = self.session.execute(SELECT_STATUSES, {"order_ids": chunk})
            self.statuses.update({order_id: status for order_id, status in found})

    def add_order(self, order_id: str, columns: dict[str, Any]) -> None:
        self.new_orders[order_id] = {"order_id": order_id, "reasons": [], **columns}
        self.statuses[order_id] = columns["status"]

    def update_order(self, order_id: str, columns: dict[str, Any]) -> None:
        if not columns:
            return
        if order_id in self.new_orders:
            self.new_orders[order_id].update(columns)
        else:
            self.changed_orders.setdefault(order_id, {}).update(columns)
        if "status" in columns:
            self.statuses[order_id] = columns["status"]

    def add_customer(self, customer_id: str, columns: dict[str, str]) -> None:
        self.session.execute(
            insert(tables.customers), {"customer_id": customer_id, **columns}
        )

    def update_customer(self, customer_id: str, columns: dict[str, str]) -> None:
        self.session.execute(
            update(tables.customers)
            .where(tables.customers.c.customer_id == customer_id)
            .values(columns)
        )

    def forget_customer(self, customer_id: str) -> None:
        """Drops the personal data the view holds of the customer."""
        self.flush()
        self.session.execute(
            update(tables.orders)
            .where(tables.orders.c.customer_id == customer_id)
            .values(address=None)
        )
        self.session.execute(
            delete(tables.customers).where(
                tables.customers.c.customer_id == customer_id
            )
        )

    def count(self, status: str, delta: int) -> None:
        """Adds ``delta`` to the number of orders in ``status``."""
        self.counts[status] += delta

    def add_step(
        self, order_id: str, at: datetime, what: str, detail: str, source: Tracking
    ) -> None:
        """Adds a step to the order's timeline; ``source`` is the event's place
        in its application's log, which the timeline takes once only."""
        self.steps.append(
            {
                "order_id": order_id,
                "occurred_at": at,
                "event": what,
                "application": source.application_name,
                "notification_id": source.notification_id,
                "detail": detail,
            }
        )

    def flush(self) -> None:
        """Makes the gathered writes."""
        for rows in same_columns(self.new_orders.values()):
            self.session.execute(INSERT_ORDER, rows)
        changes = (
            {"the_order_id": order_id, **columns}
            for order_id, columns in self.changed_orders.items()
        )
        for rows in same_columns(changes):
            self.session.execute(UPDATE_ORDER, rows)
        if self.steps:
            self.session.execute(INSERT_STEP, self.steps)
        for status, delta in self.counts.items():
            if delta:
                self.add_to_count(status, delta)
        self.new_orders, self.changed_orders = {}, {}
        self.steps, self.counts = [], Counter()

    def add_to_count(self, status: str, delta: int) -> None:
        changed = self.session.execute(
            ADD_TO_COUNT, {"the_status": status, "delta": delta}
        )
        if changed.rowcount == 0:  # type: ignore[attr-defined]
            self.session.execute(INSERT_COUNT, {"status": status, "orders": delta})


def same_columns(rows: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The rows grouped by the columns they set: one ``executemany`` each."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return list(groups.values())


def create_view_tables(connection: Connection) -> None:
    """The view's tables, marked with the version of their shape."""
    tables.metadata.create_all(connection)
    connection.execute(delete(tables.meta))
    connection.execute(
        insert(tables.meta),
        {"name": "schema_version", "value": str(tables.SCHEMA_VERSION)},
    )


def stored_schema_version(connection: Connection) -> int | None:
    if not inspect(connection).has_table(tables.meta.name):
        return None
    value = connection.execute(
        select(tables.meta.c.value).where(tables.meta.c.name == "schema_version")
    ).scalar_one_or_none()
    return None if value is None else int(value)
