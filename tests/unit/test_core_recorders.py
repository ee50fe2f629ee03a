"""The library's own recorder test cases, run against ``core_recorders`` on a
SQLite file, SQLite in memory and the test session's PostgreSQL server: the
condition for replacing ``eventsourcing_sqlalchemy``'s statements and
transactions.

The library's concurrency case leaves its reader threads running after it ends
(it tells them to stop, but does not wait): the engine is disposed of only
while holding the in-memory database's lock, so that no reader is using the
one shared connection as it is closed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any, ClassVar
from uuid import uuid4

import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.tests import persistence as library
from sqlalchemy.engine import Engine

from pizza.infrastructure.core_recorders import (
    CoreAggregateRecorder,
    CoreApplicationRecorder,
    CoreDatastore,
    CoreProcessRecorder,
    CoreTrackingRecorder,
)
from tests.conftest import admin_connection
from tests.support.postgres import PostgresServer


class OnEachDatabase:
    """Gives each test a fresh database of the class's ``database`` kind."""

    database: ClassVar[str]
    datastore: CoreDatastore
    table_prefix: str

    @pytest.fixture(autouse=True)
    def fresh_datastore(
        self, request: pytest.FixtureRequest, tmp_path: Path
    ) -> Iterator[None]:
        self.table_prefix = f"t{uuid4().hex[:8]}"
        if self.database == "sqlite file":
            url = f"sqlite:///{tmp_path / 'recorders.sqlite'}"
        elif self.database == "sqlite memory":
            url = "sqlite:///:memory:"
        else:
            server: PostgresServer = request.getfixturevalue("postgres_server")
            url = server.url()
        self.datastore = CoreDatastore(url=url)
        try:
            yield
        finally:
            engine = self.datastore.engine
            assert isinstance(engine, Engine)
            if self.database == "postgres":
                with admin_connection(server) as admin:
                    for table in self.created_tables(admin):
                        admin.execute(f'DROP TABLE "{table}"')
            with self.datastore.access_lock or nullcontext():
                engine.dispose()

    def created_tables(self, admin: Any) -> list[str]:
        rows = admin.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE %s",
            (f"{self.table_prefix}%",),
        ).fetchall()
        return [row[0] for row in rows]

    def events_recorder(self, cls: type[CoreApplicationRecorder]) -> Any:
        recorder = cls(self.datastore, events_table_name=f"{self.table_prefix}_events")
        recorder.create_table()
        return recorder


class AggregateRecorderCases(OnEachDatabase, library.AggregateRecorderTestCase):
    def create_recorder(self) -> CoreAggregateRecorder:
        recorder = CoreAggregateRecorder(
            self.datastore, events_table_name=f"{self.table_prefix}_events"
        )
        recorder.create_table()
        return recorder


class SnapshotRecorderCases(OnEachDatabase, library.AggregateRecorderTestCase):
    def create_recorder(self) -> CoreAggregateRecorder:
        recorder = CoreAggregateRecorder(
            self.datastore,
            events_table_name=f"{self.table_prefix}_snapshots",
            for_snapshots=True,
        )
        recorder.create_table()
        return recorder


class ApplicationRecorderCases(OnEachDatabase, library.ApplicationRecorderTestCase):
    def create_recorder(self) -> CoreApplicationRecorder:
        recorder: CoreApplicationRecorder = self.events_recorder(
            CoreApplicationRecorder
        )
        return recorder


class NonInterleavingCases(
    OnEachDatabase, library.NonInterleavingNotificationIDsBaseCase
):
    def create_recorder(self) -> CoreApplicationRecorder:
        recorder: CoreApplicationRecorder = self.events_recorder(
            CoreApplicationRecorder
        )
        return recorder


class TrackingRecorderCases(OnEachDatabase, library.TrackingRecorderTestCase):
    def create_recorder(self) -> CoreTrackingRecorder:
        recorder = CoreTrackingRecorder(
            self.datastore, tracking_table_name=f"{self.table_prefix}_tracking"
        )
        recorder.create_table()
        return recorder


class ProcessRecorderCases(OnEachDatabase, library.ProcessRecorderTestCase):
    def create_recorder(self) -> CoreProcessRecorder:
        recorder = CoreProcessRecorder(
            self.datastore,
            events_table_name=f"{self.table_prefix}_events",
            tracking_table_name=f"{self.table_prefix}_tracking",
        )
        recorder.create_table()
        return recorder

    def test_a_position_recorded_concurrently_is_refused(self) -> None:
        """Beyond the library's cases: a tracking record that another
        transaction wrote first is refused, not overwritten."""
        recorder = self.create_recorder()
        recorder.insert_events([], tracking=Tracking("leader", 5))
        with pytest.raises(Exception, match="recorded before"):
            recorder.insert_events([], tracking=Tracking("leader", 5))
        assert recorder.max_tracking_id("leader") == 5


CASES = (
    AggregateRecorderCases,
    SnapshotRecorderCases,
    ApplicationRecorderCases,
    NonInterleavingCases,
    TrackingRecorderCases,
    ProcessRecorderCases,
)


def on(database: str) -> dict[str, type]:
    """The cases on one kind of database, as classes pytest collects."""
    suffix = database.title().replace(" ", "")
    classes = {}
    for case in CASES:
        name = f"Test{case.__name__.removesuffix('Cases')}On{suffix}"
        classes[name] = type(name, (case,), {"database": database})
    return classes


globals().update(on("sqlite file"))
globals().update(on("sqlite memory"))
globals().update(on("postgres"))
# Only the classes above are tests: pytest would also collect these bases.
del AggregateRecorderCases, SnapshotRecorderCases, ApplicationRecorderCases
del NonInterleavingCases, TrackingRecorderCases, ProcessRecorderCases
