"""``pizza worker``: the shop's parts, each in its own thread of this process.

Why not the library's ``EventSourcedProjectionRunner``? It follows one leader
through the library's subscription, processes one event per transaction, and
stops for good at the first error (its thread ends and ``run_forever`` raises).
A part here follows all its leaders in one thread (the order status view has
three, and applies them in order without racing itself), processes a pulled
section per transaction, parks a poison event and retries database errors (see
``pizza.infrastructure.followers``), and comes back by itself after the
database does. It listens to the same channels the library's subscriptions do,
on a connection that also holds the part's advisory lock, so of two copies of a
part (two machines, or a restart overlapping the old process) exactly one is
active and the other takes over when the first one's connection goes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import psycopg
from eventsourcing.application import Application
from eventsourcing.system import Follower

from pizza.autopilot import Autopilot
from pizza.infrastructure.followers import TRANSIENT, ProcessesInBatches
from pizza.infrastructure.postgres import PartConnection
from pizza.kitchen import Kitchen
from pizza.settings import Settings
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from pizza.watchdog import Watchdog

FOLLOWERS: dict[str, type[Follower[Any]]] = {
    "validation": Validation,
    "kitchen": Kitchen,
    "status": OrderStatus,
    "autopilot": Autopilot,
}
PARTS = (*FOLLOWERS, "watchdog")
LONGEST_PAUSE = 5.0  # seconds between tries to reach the database
HEARTBEAT = 1.0  # seconds: how soon a part notices it is asked to stop
log = logging.getLogger(__name__)
App = TypeVar("App", bound=Application[Any])


class PartWorker(threading.Thread):
    """Runs one part for as long as the process lives: waits for the part's
    lock, does the part's work while it holds it, and starts again after the
    database comes back."""

    def __init__(self, part: str, settings: Settings, stopping: threading.Event):
        super().__init__(name=part)
        self.part = part
        self.settings = settings
        self.stopping = stopping
        self.active = threading.Event()  # set while this copy holds the lock

    def run(self) -> None:
        failures = 0
        while not self.stopping.is_set():
            try:
                self.work_while_locked()
                failures = 0
            except (*TRANSIENT, psycopg.OperationalError) as error:
                pause = min(0.5 * 2**failures, LONGEST_PAUSE)
                failures += 1
                log.warning(
                    "%s: database lost (%s); again in %s s", self.part, error, pause
                )
                self.stopping.wait(pause)
            except Exception:
                log.exception("%s failed; starting it again", self.part)
                self.stopping.wait(LONGEST_PAUSE)
            finally:
                self.active.clear()

    def work_while_locked(self) -> None:
        with PartConnection(self.settings.env, self.part) as connection:
            if not connection.lock(self.stopping):
                return
            log.info("%s: active", self.part)
            self.active.set()
            if self.part == "watchdog":
                self.watch(connection)
            else:
                self.follow(connection, FOLLOWERS[self.part])

    def follow(self, connection: PartConnection, cls: type[Follower[Any]]) -> None:
        leader_names = PizzaSystem(autopilot=True).follows[cls.name]
        env = self.settings.env
        with opened_apps(env, [cls.name, *leader_names]) as apps:
            follower = apps[cls.name]
            assert isinstance(follower, Follower)
            leaders = {name: apps[name] for name in leader_names}
            channels = {channel_of(leader): name for name, leader in leaders.items()}
            connection.listen(channels)
            if isinstance(follower, ProcessesInBatches):
                follower.interrupt = self.stopping
            for name, leader in leaders.items():
                follower.follow(name, leader.notification_log)
            if isinstance(follower, Autopilot):
                follower.engage(get(leaders, Kitchen))
            while not self.stopping.is_set():
                heard = connection.wait(next_wait(follower))
                due = retries_due(follower)
                for name in {channels[c] for c in heard} | set(due):
                    follower.pull_and_process(name)

    def watch(self, connection: PartConnection) -> None:
        settings = self.settings
        if settings.watchdog_stuck_after <= 0:
            self.stopping.wait()
            return
        with opened_apps(settings.env, [Kitchen.name, OrderStatus.name]) as apps:
            watchdog = Watchdog(
                get(apps, Kitchen),
                get(apps, OrderStatus),
                timedelta(seconds=settings.watchdog_stuck_after),
                settings.watchdog_interval,
            )
            deadline = datetime.now(tz=UTC)
            while not self.stopping.is_set():
                if datetime.now(tz=UTC) >= deadline:
                    watchdog.check()
                    deadline = datetime.now(tz=UTC) + timedelta(
                        seconds=watchdog.interval
                    )
                connection.wait(HEARTBEAT)  # raises once the lock is lost


def next_wait(follower: Follower[Any]) -> float:
    """Seconds until the follower should try something again, at most a heartbeat."""
    if not isinstance(follower, ProcessesInBatches):
        return HEARTBEAT
    now = datetime.now(tz=UTC)
    later = [
        (at - now).total_seconds()
        for at in (
            *(s.retry_at for s in follower.stuck.values()),
            *(u.retry_at for u in follower.unreachable.values()),
        )
    ]
    return max(0.0, min([HEARTBEAT, *later]))


def retries_due(follower: Follower[Any]) -> list[str]:
    if not isinstance(follower, ProcessesInBatches):
        return []
    return follower.retries_due(datetime.now(tz=UTC))


def channel_of(app: Application[Any]) -> str:
    """The channel the app's recorder notifies when it records events (only
    PostgreSQL recorders have one)."""
    channel = getattr(app.recorder, "channel_name", None)
    if not isinstance(channel, str):
        raise TypeError(f"{app.name}'s events are not in PostgreSQL")
    return channel


@contextmanager
def opened_apps(
    env: Mapping[str, str], names: Sequence[str]
) -> Iterator[dict[str, Application[Any]]]:
    """The named applications, closed at the end."""
    system = PizzaSystem(autopilot=True)
    apps: dict[str, Application[Any]] = {}
    with ExitStack() as stack:
        for name in names:
            apps[name] = app = system.get_app_cls(name)(env=dict(env))
            stack.callback(app.close)
        yield apps


def get(apps: Mapping[str, Application[Any]], cls: type[App]) -> App:
    app = apps[cls.name]
    assert isinstance(app, cls)
    return app


def run_parts(
    parts: Sequence[str], settings: Settings, stopping: threading.Event
) -> None:
    """Runs the parts until ``stopping`` is set; then waits for each to finish
    what it is doing (a transaction commits or rolls back, never half-done)."""
    workers = [PartWorker(part, settings, stopping) for part in parts]
    for worker in workers:
        worker.start()
    stopping.wait()
    for worker in workers:
        worker.join()
