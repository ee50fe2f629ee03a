"""PostgreSQL recorders that try once, so that a request fails fast while the
database is away.

The library's PostgreSQL recorders retry every read and write up to ten times
(``@retry(..., max_attempts=10, wait=0.2)``), and each try may wait the pool's
connect timeout: with the database down, a web request then hangs for about
twenty seconds before it fails. Here each recorder method is the library's own
method without that decorator (``functools.wraps`` keeps it as
``__wrapped__``), so a request fails within the connect timeout with a 503 the
client can retry, and the followers retry with their own backoff (see
``followers``). The library picks these classes up from its own
``APPLICATION_RECORDER_TOPIC`` and ``PROCESS_RECORDER_TOPIC`` settings, which
``pizza.settings`` sets for PostgreSQL; ``tests/unit/test_library_api.py``
checks that the methods are still decorated that way, and that the topics name
these classes.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresApplicationRecorder, PostgresProcessRecorder


def once(base: type[Any], name: str) -> Any:
    """The base class's method ``name`` without the library's retry."""
    return getattr(base, name).__wrapped__


class FailFastApplicationRecorder(PostgresApplicationRecorder):
    insert_events = once(PostgresApplicationRecorder, "insert_events")
    select_events = once(PostgresApplicationRecorder, "select_events")
    select_notifications = once(PostgresApplicationRecorder, "select_notifications")
    max_notification_id = once(PostgresApplicationRecorder, "max_notification_id")


class FailFastProcessRecorder(PostgresProcessRecorder):
    insert_events = once(PostgresProcessRecorder, "insert_events")
    select_events = once(PostgresProcessRecorder, "select_events")
    select_notifications = once(PostgresProcessRecorder, "select_notifications")
    max_notification_id = once(PostgresProcessRecorder, "max_notification_id")
    insert_tracking = once(PostgresProcessRecorder, "insert_tracking")
    max_tracking_id = once(PostgresProcessRecorder, "max_tracking_id")
    has_tracking_id = once(PostgresProcessRecorder, "has_tracking_id")
