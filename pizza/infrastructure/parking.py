"""Poison events: retried with backoff, then parked and reported, never skipped.

The library's followers stop for good at the first event they cannot process:
under ``MultiThreadedRunner`` the follower's thread ends, under
``SingleThreadedRunner`` and the projection runners the error is raised to the
caller. Either way one bad event (a NUL byte that PostgreSQL cannot store, a bug
in a policy) would stop that part, and a restart would stop again at the same
place. KurrentDB parks such a message where an operator can see and replay it;
Marten records a dead letter. Here a follower that fails on an event stays at
that event (nothing after it in the same leader's log is processed, so nothing
is skipped or reordered), records it in the parking lot, and tries it again
later, less and less often; the parts that do not depend on it go on. After
``PARKED_AFTER`` failed tries it counts as parked: reported by ``/health``,
``pizza status`` and a log line naming the application, the notification id and
the error. Once a fix (of code or data) lets it through, the follower moves on
with nothing lost.

A lot keeps its records in a table in the shop's own SQL database, so that
every process, and an operator's command, sees every follower's parked events;
with in-memory storage (tests) it keeps them in memory.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from eventsourcing.utils import Environment
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.elements import ColumnElement

from pizza.infrastructure.storage import POPO_MODULES, sql_tables_url
from pizza.infrastructure.tables import create_tables

PARKED_AFTER = 5
"""Failed tries after which an event counts as parked (and is reported)."""
LONGEST_PAUSE = timedelta(seconds=60)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StuckEvent:
    """An event a follower has failed to process, and when it tries again."""

    follower: str
    leader: str
    notification_id: int
    error: str
    attempts: int
    first_failed_at: datetime
    retry_at: datetime

    @property
    def is_parked(self) -> bool:
        return self.attempts >= PARKED_AFTER

    def failed_again(self, error: str, now: datetime) -> StuckEvent:
        attempts = self.attempts + 1
        return replace(
            self, error=error, attempts=attempts, retry_at=now + pause(attempts)
        )


def first_failure(
    follower: str, leader: str, notification_id: int, error: str
) -> StuckEvent:
    now = datetime.now(tz=UTC)
    stuck = StuckEvent(follower, leader, notification_id, error, 0, now, now)
    return stuck.failed_again(error, now)


def pause(attempts: int) -> timedelta:
    """1 s after the first failure, then twice as long each time, up to a minute."""
    return min(timedelta(seconds=2 ** (attempts - 1)), LONGEST_PAUSE)


def printable(error: BaseException) -> str:
    """The error in words any store and log can hold, at most 2,000 characters."""
    text = f"{type(error).__name__}: {error}"[:2000]
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def report(stuck: StuckEvent) -> None:
    message = "%s could not process %s notification %d (try %d; next at %s): %s"
    level = logging.ERROR if stuck.is_parked else logging.WARNING
    retry_at = stuck.retry_at.isoformat(timespec="seconds")
    args = (stuck.follower, stuck.leader, stuck.notification_id, stuck.attempts)
    log.log(level, message, *args, retry_at, stuck.error)


class ParkingLot(Protocol):
    """Where the followers of one store keep the events they are stuck at."""

    def all(self) -> list[StuckEvent]: ...

    def save(self, stuck: StuckEvent) -> None: ...

    def release(self, follower: str, leader: str) -> None: ...


def parking_lot(env: Mapping[str, str]) -> ParkingLot:
    """The lot of the shop whose storage ``env`` describes (``PARKING_``
    prefixed variables put it elsewhere, as for any application)."""
    lot_env = Environment("Parking", env)
    if lot_env.get("PERSISTENCE_MODULE", "") in POPO_MODULES:
        return MemoryParkingLot()
    return SQLParkingLot(sql_tables_url(lot_env))


class MemoryParkingLot:
    def __init__(self) -> None:
        self.stuck: dict[tuple[str, str], StuckEvent] = {}

    def all(self) -> list[StuckEvent]:
        return list(self.stuck.values())

    def save(self, stuck: StuckEvent) -> None:
        self.stuck[stuck.follower, stuck.leader] = stuck

    def release(self, follower: str, leader: str) -> None:
        self.stuck.pop((follower, leader), None)


metadata = MetaData()
table = Table(
    "parked_events",
    metadata,
    Column("follower", String(100), primary_key=True),
    Column("leader", String(100), primary_key=True),
    Column("notification_id", Integer, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("first_failed_at", DateTime(timezone=True), nullable=False),
    Column("retry_at", DateTime(timezone=True), nullable=False),
)


class SQLParkingLot:
    def __init__(self, url: str) -> None:
        self.engine = shared_engine(url)
        create_tables(metadata, self.engine)

    def all(self) -> list[StuckEvent]:
        query = select(table).order_by(table.c.follower, table.c.leader)
        with self.engine.connect() as connection:
            return [stuck_event(row) for row in connection.execute(query).mappings()]

    def save(self, stuck: StuckEvent) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(table).where(*key(stuck.follower, stuck.leader)))
            connection.execute(insert(table), asdict(stuck))

    def release(self, follower: str, leader: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(table).where(*key(follower, leader)))


def key(follower: str, leader: str) -> tuple[ColumnElement[bool], ...]:
    return (table.c.follower == follower, table.c.leader == leader)


def stuck_event(row: RowMapping) -> StuckEvent:
    moments = {name: as_utc(row[name]) for name in ("first_failed_at", "retry_at")}
    return StuckEvent(**{**row, **moments})


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def shared_engine(url: str) -> Engine:
    """One engine per database in this process, whoever asks for it."""
    with _engines_lock:
        if url not in _engines:
            # An in-memory SQLite database lives as long as its one connection;
            # a pooled connection the server dropped (a restart) is replaced.
            pool = {"poolclass": StaticPool} if url.endswith(":memory:") else {}
            _engines[url] = create_engine(url, pool_pre_ping=True, **pool)
        return _engines[url]
