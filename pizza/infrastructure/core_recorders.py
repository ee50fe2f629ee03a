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

from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    Notification,
    StoredEvent,
    Tracking,
)
from eventsourcing.utils import get_topic
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyAggregateRecorder,
    SQLAlchemyApplicationRecorder,
    SQLAlchemyProcessRecorder,
    SQLAlchemyTrackingRecorder,
)
from sqlalchemy import Insert, Select, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session


class CoreAggregateRecorder(SQLAlchemyAggregateRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events_table: Table = self.events_record_cls.__table__

    def _insert_stored_events(
        self, session: Session, stored_events: Any, **kwargs: Any
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
        with self.transaction(commit=False) as session:
            rows = session.execute(statement, values).all()
        return [
            StoredEvent(originator_id, version, topic, bytes(state))
            for originator_id, version, topic, state in rows
        ]


class CoreApplicationRecorder(CoreAggregateRecorder, SQLAlchemyApplicationRecorder):
    def _insert_stored_events(
        self, session: Session, stored_events: Any, **kwargs: Any
    ) -> list[int]:
        if not stored_events:
            return []
        self._lock_table(session)
        ids = session.scalars(
            insert_returning_ids(self.events_table), rows_of(stored_events)
        ).all()
        self._notify_channel(session)
        return list(ids)

    def max_notification_id(self) -> int | None:
        with self.transaction(commit=False) as session:
            last: int | None = session.scalar(select(func.max(self.events_table.c.id)))
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
            topics=bool(topics),
        )
        values = {"start": start, "stop": stop, "topics": list(topics), "limit": limit}
        with self.transaction(commit=False) as session:
            rows = session.execute(statement, values).all()
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


class CoreTrackingRecorder(SQLAlchemyTrackingRecorder):
    def max_tracking_id(self, application_name: str) -> int | None:
        with self.transaction(commit=False) as session:
            return self._position(session, application_name)

    def _position(self, session: Session, application_name: str) -> int | None:
        position: int | None = session.scalar(
            tracking_select(self.tracking_table), {"name": application_name}
        )
        return position

    def _insert_tracking(self, session: Session, tracking: Tracking) -> None:
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
    table: Table, *, start: bool, inclusive: bool, stop: bool, topics: bool
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
    if topics:
        statement = statement.where(
            columns.topic.in_(bindparam("topics", expanding=True))
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
