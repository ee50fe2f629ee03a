"""``eventsourcing_sqlalchemy``'s recorders with SQLAlchemy Core statements.

Replaces the statements of the plug-in's recorders (pinned 1.0.1), keeping
their tables, transactions, locks and errors. The plug-in builds an ORM
``Query`` for every read and adds ORM objects for every write; profiling the
pipeline put about two thirds of its time in that ORM machinery (see
``docs/benchmarks.md``). Here each statement is built once, with bound
parameters, so SQLAlchemy compiles it once and every call only binds values:

- ``select_events`` and ``select_notifications``: one cached ``SELECT`` per
  shape of the call (which bounds are given), ``LIMIT`` bound, rows read as
  tuples instead of ORM objects;
- inserting events: one ``INSERT ... RETURNING id`` for the whole batch
  (SQLAlchemy's "insertmanyvalues"), instead of ORM objects and a flush;
- ``max_notification_id``: ``SELECT max(id)`` instead of ordering the table;
- ``max_tracking_id``: a look-up by the tracking table's primary key;
- transactions on a Core ``Connection`` instead of an ORM ``Session``
  (``CoreDatastore``, ``CoreTransaction``): the session's begin, rollback or
  commit and close cost three times a short query;
- inserting a tracking record: one conditional ``UPDATE`` (the position moves
  only forwards), and only when it changes no row a ``SELECT`` to tell a first
  position (``INSERT``) from one recorded before (``IntegrityError``): one
  statement per section in the common case, where the plug-in ran three.

The library's own recorder test cases (``eventsourcing.tests.persistence``)
run against these classes on SQLite and PostgreSQL in
``tests/unit/test_core_recorders.py``. ``Factory`` serves
``PERSISTENCE_MODULE=eventsourcing_sqlalchemy`` for every shop application
(see ``ShopApplication.construct_factory``).
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from functools import cache
from threading import Semaphore
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    Notification,
    PersistenceError,
    ProgrammingError,
    StoredEvent,
    Tracking,
)
from eventsourcing.utils import get_topic
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, exception_classes
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyAggregateRecorder,
    SQLAlchemyApplicationRecorder,
    SQLAlchemyProcessRecorder,
    SQLAlchemyRecorder,
    SQLAlchemyTrackingRecorder,
)
from sqlalchemy import (
    Insert,
    Select,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

Reader = Connection | Session
"""What a recorder reads and writes through: a connection of ours, or the
plug-in's session where it keeps its own (a scoped session)."""

_current: ContextVar[CoreTransaction] = ContextVar("core_transaction")


class CoreTransaction:
    """The plug-in's ``Transaction`` on a Core ``Connection`` instead of an ORM
    ``Session``: the same nesting (a transaction started in a thread is joined
    by the calls inside it), the same locks (SQLite's writers take turns; an
    in-memory database is used by one thread at a time) and the same mapping of
    database errors to the library's. The lock is released after the
    connection is back in the pool, not before as the plug-in does."""

    def __init__(self, datastore: CoreDatastore, commit: bool) -> None:
        self.datastore = datastore
        self.commit = commit
        self.depth = 0
        self.lock: Semaphore | None = None
        self.token: Token[CoreTransaction] | None = None
        self.connection: Connection | None = None

    def __enter__(self) -> Connection:
        if self.depth == 0:
            self.lock = self.datastore.lock_for(commit=self.commit)
            try:
                engine = self.datastore.engine
                assert isinstance(engine, Engine)
                self.connection = engine.connect()
                self.connection.begin()
            except BaseException as error:
                self.release()
                raise translated(error) from error
            self.token = _current.set(self)
        self.depth += 1
        assert self.connection is not None
        return self.connection

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> None:
        self.depth -= 1
        if self.depth > 0:
            return
        assert self.connection is not None
        assert self.token is not None
        _current.reset(self.token)
        try:
            if error is None and self.commit:
                self.connection.commit()
            else:
                self.connection.rollback()
        except SQLAlchemyError as failed:
            raise translated(failed) from failed
        finally:
            self.connection.close()
            self.release()
        if isinstance(error, SQLAlchemyError):
            raise translated(error) from error

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def translated(error: BaseException) -> BaseException:
    """The library's persistence error for SQLAlchemy's (as the plug-in's
    ``Transaction`` maps them); any other error as it is."""
    if not isinstance(error, SQLAlchemyError):
        return error
    return exception_classes.get(type(error).__name__, PersistenceError)(error)


class CoreDatastore(SQLAlchemyDatastore):
    """The plug-in's datastore, whose transactions are ``CoreTransaction``s
    (unless it was given a scoped session, which it keeps using)."""

    def transaction(self, commit: bool) -> Any:
        if self.scoped_session is not None:
            return super().transaction(commit)
        current = _current.get(None)
        if current is not None:
            if commit and not current.commit:
                raise ProgrammingError("Transaction already started with commit=False")
            return current
        if not self._tried_init_sqlite_wal_mode:
            self.init_sqlite_wal_mode()  # as the plug-in does on first use
        return CoreTransaction(self, commit)

    def lock_for(self, *, commit: bool) -> Semaphore | None:
        """Takes the lock this transaction needs, if any, and returns it."""
        lock = self.access_lock or (self.write_lock if commit else None)
        if lock is not None:
            lock.acquire()
        return lock


class Reads(SQLAlchemyRecorder):
    def reading(self) -> Any:
        """Where to read: the transaction this thread is in, if any, else a
        new one that writes nothing."""
        return self.transaction(commit=False)


class CoreAggregateRecorder(Reads, SQLAlchemyAggregateRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events_table: Table = self.events_record_cls.__table__

    def _insert_stored_events(
        self, session: Reader, stored_events: Any, **kwargs: Any
    ) -> Any:
        if stored_events:
            session.execute(insert(self.events_table), rows_of(stored_events))

    def select_events(
        self,
        originator_id: UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        statement = events_statement(
            self.events_table, gt is not None, lte is not None, desc, limit is not None
        )
        values = {"originator_id": originator_id, "gt": gt, "lte": lte, "limit": limit}
        with self.reading() as connection:
            rows = connection.execute(statement, values).all()
        return [
            StoredEvent(originator_id, version, topic, bytes(state))
            for originator_id, version, topic, state in rows
        ]


class CoreApplicationRecorder(CoreAggregateRecorder, SQLAlchemyApplicationRecorder):
    def _insert_stored_events(
        self, session: Reader, stored_events: Any, **kwargs: Any
    ) -> list[int]:
        if not stored_events:
            return []
        self._lock_table(session)  # type: ignore[arg-type]  # it only executes
        ids = session.scalars(
            insert_returning_ids(self.events_table), rows_of(stored_events)
        ).all()
        if self.datastore.engine.dialect.name == "postgresql":  # type: ignore[union-attr]
            session.execute(text(f"NOTIFY {self.channel_name}"))  # on commit
        return list(ids)

    def max_notification_id(self) -> int | None:
        with self.reading() as connection:
            statement = select(func.max(self.events_table.c.id))
            last: int | None = connection.scalar(statement)
        return last

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Any = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        statement = notifications_statement(
            self.events_table,
            start=start is not None,
            inclusive=inclusive_of_start,
            stop=stop is not None,
            topics=len(topics),
        )
        values = {"start": start, "stop": stop, "limit": limit}
        values.update((f"topic_{i}", topic) for i, topic in enumerate(topics))
        with self.reading() as connection:
            rows = connection.execute(statement, values).all()
        return [
            Notification(
                id=id_,
                originator_id=originator_id,
                originator_version=version,
                topic=topic,
                state=bytes(state),
            )
            for id_, originator_id, version, topic, state in rows
        ]


class CoreTrackingRecorder(Reads, SQLAlchemyTrackingRecorder):
    def max_tracking_id(self, application_name: str) -> int | None:
        with self.reading() as connection:
            return self._position(connection, application_name)

    def _position(self, connection: Reader, application_name: str) -> int | None:
        position: int | None = connection.scalar(
            tracking_select(self.tracking_table), {"name": application_name}
        )
        return position

    def _insert_tracking(self, session: Reader, tracking: Tracking) -> None:
        values = {"name": tracking.application_name, "id": tracking.notification_id}
        moved = session.execute(tracking_update(self.tracking_table), values)
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            return
        if self._position(session, tracking.application_name) is not None:
            raise IntegrityError(f"{tracking} was recorded before")
        session.execute(
            insert(self.tracking_table),
            {
                "application_name": tracking.application_name,
                "notification_id": tracking.notification_id,
            },
        )


class CoreProcessRecorder(
    CoreTrackingRecorder, CoreApplicationRecorder, SQLAlchemyProcessRecorder
):
    pass


class Factory(SQLAlchemyFactory):
    datastore_class = CoreDatastore
    aggregate_recorder_class = CoreAggregateRecorder
    application_recorder_class = CoreApplicationRecorder
    tracking_recorder_class = CoreTrackingRecorder
    process_recorder_class = CoreProcessRecorder


FACTORY_TOPIC = get_topic(Factory)
"""What ``PERSISTENCE_MODULE`` takes to build ``Factory``."""


def rows_of(stored_events: Any) -> list[dict[str, Any]]:
    return [
        {
            "originator_id": event.originator_id,
            "originator_version": event.originator_version,
            "topic": event.topic,
            "state": event.state,
        }
        for event in stored_events
    ]


# Statements are cached per table and shape, so each is compiled once.


@cache
def insert_returning_ids(table: Table) -> Insert:
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


@cache
def events_statement(
    table: Table, gt: bool, lte: bool, desc: bool, limit: bool
) -> Select[Any]:
    columns = table.c
    version = columns.originator_version
    statement = select(
        columns.originator_id, version, columns.topic, columns.state
    ).where(columns.originator_id == bindparam("originator_id"))
    if gt:
        statement = statement.where(version > bindparam("gt"))
    if lte:
        statement = statement.where(version <= bindparam("lte"))
    statement = statement.order_by(version.desc() if desc else version)
    if limit:
        statement = statement.limit(bindparam("limit"))
    return statement


@cache
def notifications_statement(
    table: Table, *, start: bool, inclusive: bool, stop: bool, topics: int
) -> Select[Any]:
    columns = table.c
    statement = select(
        columns.id,
        columns.originator_id,
        columns.originator_version,
        columns.topic,
        columns.state,
    )
    if start and inclusive:
        statement = statement.where(columns.id >= bindparam("start"))
    elif start:
        statement = statement.where(columns.id > bindparam("start"))
    if stop:
        statement = statement.where(columns.id <= bindparam("stop"))
    if topics:  # one parameter per topic: an "expanding" one costs more per call
        statement = statement.where(
            columns.topic.in_([bindparam(f"topic_{i}") for i in range(topics)])
        )
    return statement.order_by(columns.id).limit(bindparam("limit"))


@cache
def tracking_select(table: Table) -> Select[Any]:
    return select(table.c.notification_id).where(
        table.c.application_name == bindparam("name")
    )


@cache
def tracking_update(table: Table) -> Any:
    columns = table.c
    return (
        update(table)
        .where(columns.application_name == bindparam("name"))
        .where(columns.notification_id < bindparam("id"))
        .values(notification_id=bindparam("id"))
    )
