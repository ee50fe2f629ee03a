"""The library API that ``pizza.infrastructure`` relies on beyond the documented.

If one of these fails after an upgrade of ``eventsourcing`` or
``eventsourcing_sqlalchemy``, read the new release's code for the name that
failed, change the module that uses it (named in each test), then raise the
exact pins in ``pyproject.toml`` and ``PINNED`` below together.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import Application
from eventsourcing.system import Follower, MultiThreadedRunner
from eventsourcing.utils import resolve_topic
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore, exception_classes
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import (
    SQLAlchemyAggregateRecorder,
    SQLAlchemyApplicationRecorder,
    SQLAlchemyProcessRecorder,
    SQLAlchemyRecorder,
)

from pizza.infrastructure.fail_fast import (
    FailFastApplicationRecorder,
    FailFastProcessRecorder,
)
from pizza.orders import Orders
from pizza.settings import Settings
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.unit.helpers import POPO_ENV

PINNED = {"eventsourcing": "9.5.6", "eventsourcing-sqlalchemy": "1.0.1"}


def parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize(("package", "pinned"), PINNED.items())
def test_the_installed_library_is_the_pinned_release(package: str, pinned: str) -> None:
    assert version(package) == pinned


def test_an_application_records_snapshots_and_notifies_as_batch_processing_does() -> (
    None
):
    """``pizza.infrastructure.followers.BatchProcessApplication.process_batch``."""
    assert parameters(Application._record) == ["self", "processing_event"]
    assert parameters(Application._take_snapshots) == ["self", "processing_event"]
    assert parameters(Application._notify) == ["self", "recordings"]
    with Validation(env=POPO_ENV) as validation:
        assert isinstance(validation.processing_lock, type(threading.Lock()))


def test_a_follower_pulls_and_converts_notifications_as_batching_does() -> None:
    """``pizza.infrastructure.followers.ProcessesInBatches.sections``."""
    with Validation(env=POPO_ENV) as validation, Orders(env=POPO_ENV) as orders:
        validation.follow(orders.name, orders.notification_log)
        reader = validation.readers[orders.name]
        assert reader.notification_log is orders.notification_log
    assert parameters(Follower.filter_received_notifications) == [
        "self",
        "notifications",
    ]
    assert parameters(Follower.convert_notifications) == [
        "self",
        "leader_name",
        "notifications",
    ]


def test_a_sqlite_datastore_has_a_write_lock_to_share(tmp_path: Path) -> None:
    """``pizza.infrastructure.sqlite_writers.share_sqlite_write_lock``."""
    env = {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": f"sqlite:///{tmp_path / 'pizza.sqlite'}",
    }
    with Orders(env=env) as orders:
        assert isinstance(orders.factory, SQLAlchemyFactory)
        assert isinstance(orders.factory.datastore.write_lock, threading.Semaphore)


def test_a_process_recorder_inserts_tracking_in_a_given_session() -> None:
    """``pizza.status.recorder.OrderStatusRecorder.changing``."""
    insert_tracking = SQLAlchemyProcessRecorder._insert_tracking
    assert parameters(insert_tracking) == ["self", "session", "tracking"]


def test_the_plugins_recorders_call_the_hooks_the_core_recorders_replace() -> None:
    """``pizza.infrastructure.core_recorders``: its subclasses override these
    hooks and rely on these datastore attributes; a rename upstream would
    quietly bring the ORM statements back, or break the transactions."""
    application = inspect.getsource(SQLAlchemyApplicationRecorder.insert_events)
    assert "self._insert_events(" in application
    assert "self._insert_stored_events(" in application
    assert "self.transaction(commit=True)" in application
    process = inspect.getsource(SQLAlchemyProcessRecorder._insert_events)
    assert "self._insert_tracking(session, tracking)" in process
    recorder = inspect.getsource(SQLAlchemyRecorder.transaction)
    assert "self.datastore.transaction(commit=commit)" in recorder
    assert parameters(SQLAlchemyAggregateRecorder._lock_table) == ["self", "session"]
    datastore = SQLAlchemyDatastore(url="sqlite:///:memory:")
    for name in ("access_lock", "write_lock", "scoped_session", "engine"):
        assert hasattr(datastore, name), name
    assert datastore._tried_init_sqlite_wal_mode is False
    assert callable(datastore.init_sqlite_wal_mode)
    assert {"OperationalError", "IntegrityError"} <= set(exception_classes)
    for name in (
        "datastore_class",
        "application_recorder_class",
        "process_recorder_class",
    ):
        assert hasattr(SQLAlchemyFactory, name), name


def test_the_threaded_runner_keeps_each_followers_thread_and_error() -> None:
    """``pizza.infrastructure.health.stopped_followers``."""
    runner = MultiThreadedRunner[UUID](PizzaSystem(), env=POPO_ENV)
    runner.start()
    try:
        assert set(runner.threads) == {"Validation", "Kitchen", "OrderStatus"}
        assert all(thread.error is None for thread in runner.threads.values())
    finally:
        runner.stop()


def test_the_postgres_recorders_retry_in_a_decorator_the_fail_fast_ones_drop() -> None:
    """``pizza.infrastructure.fail_fast`` and the topics ``pizza.settings`` sets."""
    settings = Settings.from_environ({"PERSISTENCE_MODULE": "eventsourcing.postgres"})
    for variable, cls in (
        ("APPLICATION_RECORDER_TOPIC", FailFastApplicationRecorder),
        ("PROCESS_RECORDER_TOPIC", FailFastProcessRecorder),
    ):
        assert resolve_topic(settings.env[variable]) is cls
        base = cls.__mro__[1]
        for name, method in vars(cls).items():
            if callable(method):
                assert getattr(base, name).__wrapped__ is method
