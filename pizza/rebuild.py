"""Rebuilding the order status view from the event log while the shop serves.

A fresh copy of the view is built beside the live one: on SQLite in a file of
its own next to the view's (``pizza-view-rebuild.sqlite`` beside
``pizza.sqlite``), on PostgreSQL in a schema of its own (``pizza_view_rebuild``)
of the same database. It reads its leaders' logs from the start, in sections of
``REBUILD_SECTION`` events, each committed with its tracking record, so an
interrupted rebuild goes on from where it stopped when run again.

It is built up to where the live view was when the rebuild began. Then, in one
transaction on the live view's database, the live view is locked against its
writer (on PostgreSQL, its tracking table only, which the writer updates first
in every transaction: orders keep being placed, and pages keep reading it; on
SQLite, the whole database for that transaction: SQLite has one writer at a
time, so that is the turn the rebuild takes, and readers carry on), the copy
catches up to exactly where the live view then is, and it either replaces the
live view's rows (its tracking records with them: the live view's follower goes
on from the same place) or, with ``verify``, is compared with them row by row,
changing nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

from eventsourcing.utils import Environment
from sqlalchemy import (
    MetaData,
    Table,
    create_engine,
    delete,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine, make_url

from pizza.infrastructure.storage import sql_tables_url
from pizza.status import OrderStatus
from pizza.status import tables as view_tables
from pizza.status.recorder import create_view_tables
from pizza.system import PizzaSystem

REBUILD_SECTION = 1000
COPY_SCHEMA = "pizza_view_rebuild"
COPY_SUFFIX = "-view-rebuild"
ROWS_AT_ONCE = 5000
SHOWN_DIFFERENCES = 20


class RebuildError(Exception):
    """A rebuild that cannot be made; the message says why."""


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did: orders by status, timeline steps in the view,
    positions of the leaders' logs it read (events of every kind, those the
    view skips too), seconds in all, and seconds the live view was locked."""

    counts: dict[str, int]
    steps: int
    events: int
    seconds: float
    locked_seconds: float
    differences: list[str] = field(default_factory=list)


def rebuild_view(
    env: Mapping[str, str],
    *,
    verify: bool = False,
    section: int = REBUILD_SECTION,
    total: Callable[[int], object] | None = None,
    progress: Callable[[int], object] | None = None,
) -> Rebuilt:
    """Builds a copy of the view beside the live one and swaps it in (or,
    with ``verify``, compares the two and changes nothing: ``differences``
    lists what differs). It reads ``section`` events a transaction; ``total``
    is told how many positions of the logs there are to read, ``progress``
    how many each section read."""
    started = perf_counter()
    events = 0

    def count(done: int) -> None:
        nonlocal events
        events += done
        if progress is not None:
            progress(done)

    with ExitStack() as stack:
        live = stack.enter_context(OrderStatus(env=dict(env)))
        if verify and live.recorder.outdated is not None:
            raise RebuildError(
                "The live view's tables are of an older shape: rebuild it "
                "(pizza rebuild) rather than compare it."
            )
        copy = open_copy(env, live, stack)
        leaders = leader_logs(env, stack)
        copy.pull_section_size = section
        copy.on_section = count
        copy.catches_up = False  # to where the live view is, below
        for name, leader in leaders.items():
            copy.follow(name, leader.notification_log)
        begun = live_positions(live)
        if total is not None:
            total(events_to_read(copy, begun))
        catch_up(copy, begun)
        with live_view_locked(live) as (connection, locked_at):
            now = live_positions(live, connection)
            catch_up(copy, now)
            if verify:
                differences = compare(live, copy, connection)
                connection.rollback()
            else:
                differences = []
                replace_rows(live, copy, connection)
                connection.commit()
            locked_seconds = perf_counter() - locked_at
        result = Rebuilt(
            live.count_by_status(),
            live.timeline_steps(),
            events,
            perf_counter() - started,
            locked_seconds,
            differences,
        )
    if not verify:
        discard_copy(env)
    return result


def copy_env(env: Mapping[str, str], live: OrderStatus) -> dict[str, str]:
    """The environment of the copy: the live view's, with its tables beside
    the live ones (a file of their own, or a schema of their own)."""
    url = live_engine(live).url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise RebuildError("A view kept in memory has nothing to rebuild beside.")
        path = Path(url.database)
        copy_url = url.set(database=str(path.with_stem(path.stem + COPY_SUFFIX)))
    else:
        with live_engine(live).begin() as connection:
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {COPY_SCHEMA}"))
        copy_url = url.update_query_dict({"options": f"-csearch_path={COPY_SCHEMA}"})
    rendered = copy_url.render_as_string(hide_password=False)
    return {**env, "ORDERSTATUS_SQLALCHEMY_URL": rendered}


def open_copy(
    env: Mapping[str, str], live: OrderStatus, stack: ExitStack
) -> OrderStatus:
    """The copy, as an interrupted rebuild left it; a new one if it was made
    for another shape of the view."""
    copy = OrderStatus(env=copy_env(env, live))
    if copy.recorder.outdated is not None:
        copy.close()
        discard_copy(env)
        copy = OrderStatus(env=copy_env(env, live))
    return stack.enter_context(copy)


def discard_copy(env: Mapping[str, str]) -> None:
    """Removes the copy once it has been swapped in."""
    url = make_url(sql_tables_url(Environment(OrderStatus.name, env)))
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        for leftover in path.parent.glob(path.stem + COPY_SUFFIX + "*"):
            leftover.unlink()
    else:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {COPY_SCHEMA} CASCADE"))
        engine.dispose()


def leader_logs(env: Mapping[str, str], stack: ExitStack) -> dict[str, Any]:
    """The view's leaders, opened to read their logs."""
    system = PizzaSystem()
    return {
        name: stack.enter_context(system.get_app_cls(name)(env=dict(env)))
        for name in system.follows[OrderStatus.name]
    }


def live_engine(view: OrderStatus) -> Engine:
    engine = view.recorder.datastore.engine
    assert isinstance(engine, Engine)
    return engine


def live_positions(
    view: OrderStatus, connection: Connection | None = None
) -> dict[str, int]:
    """How far the view has read each of its leaders' logs."""
    tracking = view.recorder.tracking_table
    query = select(tracking.c.application_name, tracking.c.notification_id)
    if connection is None:
        with live_engine(view).connect() as reading:
            return dict(reading.execute(query).tuples().all())
    return dict(connection.execute(query).tuples().all())


def events_to_read(copy: OrderStatus, upto: Mapping[str, int]) -> int:
    """How many positions of its leaders' logs the copy has still to read
    (events of every kind: it skips those the view does not show)."""
    return sum(
        max(0, position - (copy.recorder.max_tracking_id(name) or 0))
        for name, position in upto.items()
        if name in copy.readers
    )


def catch_up(copy: OrderStatus, upto: Mapping[str, int]) -> None:
    """Reads each leader's log up to where ``upto`` says, not further."""
    for name in copy.readers:
        if upto.get(name):
            copy.pull_and_process(name, stop=upto[name])


@contextmanager
def live_view_locked(view: OrderStatus) -> Iterator[tuple[Connection, float]]:
    """A transaction on the live view's database that its writer must wait
    for: on PostgreSQL a lock on the view's tracking table against writes,
    which the writer's every transaction updates first (so it waits there,
    holding nothing, and nothing can deadlock; reads go on); on SQLite its one
    writer's turn for the whole database (``BEGIN IMMEDIATE``; readers go
    on)."""
    engine = live_engine(view)
    tracking = view.recorder.tracking_table.name
    if engine.dialect.name == "sqlite":
        engine = create_engine(engine.url)

        @event.listens_for(engine, "connect")
        def no_implicit_begin(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def begin_immediate(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.connect() as connection:
            connection.begin()
            if engine.dialect.name == "postgresql":
                connection.execute(text(f"LOCK TABLE {tracking} IN EXCLUSIVE MODE"))
            yield connection, perf_counter()
    finally:
        if engine is not live_engine(view):
            engine.dispose()


def view_tables_of(view: OrderStatus) -> list[Table]:
    """Every table of the view, its tracking table last."""
    return [*view_tables.metadata.sorted_tables, view.recorder.tracking_table]


def replace_rows(live: OrderStatus, copy: OrderStatus, connection: Connection) -> None:
    """The live view's rows become the copy's, in the caller's transaction
    (and its tables the copy's shape, if they were of an older one)."""
    postgres = connection.dialect.name == "postgresql"
    if live.recorder.outdated is not None:
        view_tables.metadata.drop_all(connection)
        create_view_tables(connection)
    for table in view_tables_of(live):
        connection.execute(delete(table))
        if postgres:  # the copy is in the same database: copied there
            copied = table.to_metadata(MetaData(), schema=COPY_SCHEMA)
            columns = list(table.columns.keys())
            connection.execute(insert(table).from_select(columns, select(copied)))
            continue
        with live_engine(copy).connect() as source:
            rows = source.execute(select(table)).mappings()
            while chunk := rows.fetchmany(ROWS_AT_ONCE):
                connection.execute(insert(table), [dict(row) for row in chunk])
    if postgres:  # the copied steps' ids were not drawn from the live sequence
        timeline = view_tables.timeline.name
        next_id = f"COALESCE((SELECT max(id) FROM {timeline}), 0) + 1"  # noqa: S608
        sequence = f"pg_get_serial_sequence('{timeline}', 'id')"
        connection.execute(text(f"SELECT setval({sequence}, {next_id}, false)"))


KEYS = {
    view_tables.orders.name: ("order_id",),
    view_tables.timeline.name: ("application", "notification_id"),
    view_tables.status_counts.name: ("status",),
    view_tables.customers.name: ("customer_id",),
    view_tables.meta.name: ("name",),
}
"""What identifies a row of each table, when comparing two views (a step's
``id`` is only where it was written, so it is left out)."""


def compare(live: OrderStatus, copy: OrderStatus, connection: Connection) -> list[str]:
    """Every row that differs between the live view and the copy, as a line
    naming the table, the row and both versions."""
    differences = []
    with live_engine(copy).connect() as source:
        for table in view_tables_of(live):
            keys = KEYS.get(table.name, ("application_name",))
            theirs = rows_by_key(connection, table, keys)
            ours = rows_by_key(source, table, keys)
            for key in sorted(theirs.keys() | ours.keys(), key=repr):
                if theirs.get(key) != ours.get(key):
                    named = ", ".join(
                        f"{k}={v}" for k, v in zip(keys, key, strict=True)
                    )
                    what = how_they_differ(theirs.get(key), ours.get(key))
                    differences.append(f"{table.name} {named}: {what}")
    return differences


def how_they_differ(live: dict[str, Any] | None, rebuilt: dict[str, Any] | None) -> str:
    if live is None:
        return "only in the rebuilt view"
    if rebuilt is None:
        return "only in the live view"
    return "; ".join(
        f"{name} live {live[name]!r}, rebuilt {rebuilt.get(name)!r}"
        for name in live
        if live[name] != rebuilt.get(name)
    )


def rows_by_key(
    connection: Connection, table: Table, keys: tuple[str, ...]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    rows = connection.execute(select(table)).mappings()
    return {
        tuple(row[key] for key in keys): {
            name: value for name, value in row.items() if name != "id"
        }
        for row in rows
    }
