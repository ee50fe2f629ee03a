"""What the production mode asks of PostgreSQL beyond the library's recorders:
one active copy of each part, and the wake-up calls of LISTEN/NOTIFY.

The library's PostgreSQL recorders NOTIFY a channel named after an
application's events table whenever they record events, and its
``ListenNotifySubscription`` listens to it. A part here listens to the same
channels, on a connection of its own that also holds the part's advisory lock:
if that connection is lost, the lock and the listening go together, and the part
stops until it has both again (see ``pizza.production.worker``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self

import psycopg
from eventsourcing.persistence import OperationalError
from psycopg import sql

from pizza.infrastructure.tables import lock_key

LOCK_POLL = 0.5  # seconds between tries for a lock another copy holds
LISTEN_HEARTBEAT = 1.0  # seconds: how soon a listener notices it should stop
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2}
log = logging.getLogger(__name__)


def connection_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """psycopg's connection settings from the library's ``POSTGRES_*``."""
    return {
        "host": env.get("POSTGRES_HOST"),
        "port": env.get("POSTGRES_PORT") or "5432",
        "user": env.get("POSTGRES_USER"),
        "password": env.get("POSTGRES_PASSWORD"),
        "dbname": env.get("POSTGRES_DBNAME"),
        "connect_timeout": max(2, int(env.get("POSTGRES_CONNECT_TIMEOUT") or 2)),
        **KEEPALIVE,
    }


class PartConnection:
    """A connection that holds a part's advisory lock and hears the channels
    it listens to. Raises ``psycopg.OperationalError`` once it is lost."""

    def __init__(self, env: Mapping[str, str], part: str) -> None:
        self.part = part
        self.connection = psycopg.connect(**connection_settings(env), autocommit=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.connection.close()  # the server releases the lock with it

    def lock(self, stopping: threading.Event) -> bool:
        """Waits until this copy holds the part's lock (True), or until
        ``stopping`` is set (False)."""
        while not stopping.is_set():
            query = "SELECT pg_try_advisory_lock(%s)"
            row = self.connection.execute(query, (lock_key(self.part),)).fetchone()
            if row and row[0]:
                return True
            stopping.wait(LOCK_POLL)
        return False

    def listen(self, channels: Iterable[str]) -> None:
        for channel in channels:
            self.connection.execute(
                sql.SQL("LISTEN {}").format(sql.Identifier(channel))
            )

    def wait(self, timeout: float) -> set[str]:
        """The channels notified within ``timeout`` seconds (empty if none);
        once one arrives, also those that came with it."""
        heard = {
            n.channel for n in self.connection.notifies(timeout=timeout, stop_after=1)
        }
        if heard:
            heard |= {n.channel for n in self.connection.notifies(timeout=0.001)}
        return heard


def holders(env: Mapping[str, str], parts: Iterable[str]) -> set[str]:
    """The parts whose lock some process holds now: those that are running."""
    # pg_locks shows a bigint key as its high and low 32 bits, unsigned.
    keys = {lock_key(part) & 0xFFFF_FFFF_FFFF_FFFF: part for part in parts}
    query = (
        "SELECT classid::bigint, objid::bigint FROM pg_locks "
        "WHERE locktype = 'advisory' AND granted AND objsubid = 1"
    )
    with psycopg.connect(**connection_settings(env), autocommit=True) as connection:
        held = {high << 32 | low for high, low in connection.execute(query)}
    return {part for key, part in keys.items() if key in held}


class Listener:
    """A thread that calls ``on_notify`` for each NOTIFY on ``channel``, in the
    database that ``settings`` (psycopg's connection settings) name. When the
    database goes it connects again, after 0.5 s, then twice as long each time
    up to 5 s, and calls ``on_notify`` once it is back (changes made meanwhile
    were announced to no one)."""

    def __init__(
        self, settings: Mapping[str, Any], channel: str, on_notify: Callable[[], object]
    ) -> None:
        self.settings = {**settings, **KEEPALIVE}
        self.channel = channel
        self.on_notify = on_notify
        self.stopping = threading.Event()
        self.thread = threading.Thread(
            target=self.run, name=f"listen-{channel}", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=LISTEN_HEARTBEAT * 2)

    def run(self) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                with psycopg.connect(**self.settings, autocommit=True) as conn:
                    listen(conn, self.channel)
                    if failures:
                        self.on_notify()
                    failures = 0
                    self.hear(conn)
            except psycopg.OperationalError as error:
                pause = min(0.5 * 2**failures, 5.0)
                failures += 1
                message = "Not hearing %s (%s); again in %s s"
                log.warning(message, self.channel, error, pause)
                self.stopping.wait(pause)

    def hear(self, conn: psycopg.Connection[Any]) -> None:
        while not self.stopping.is_set():
            for _ in conn.notifies(timeout=LISTEN_HEARTBEAT, stop_after=1):
                self.on_notify()


def listen(connection: psycopg.Connection[Any], channel: str) -> None:
    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))


@contextmanager
def schema_lock(env: Mapping[str, str]) -> Iterator[None]:
    """Holds the shop's schema lock: processes that start together make the
    tables one at a time (PostgreSQL's ``CREATE ... IF NOT EXISTS`` races with
    itself in two sessions at once)."""
    try:
        connection = psycopg.connect(**connection_settings(env), autocommit=True)
    except psycopg.OperationalError as error:
        raise OperationalError(str(error)) from error  # as the recorders say it
    with connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (lock_key("schema"),))
        yield  # the lock goes with the connection
