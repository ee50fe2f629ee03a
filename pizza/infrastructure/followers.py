"""Followers that catch up on start and process a pulled section at once.

Extends the library's ``Follower`` (``eventsourcing.system``) and replaces its
``ProcessApplication.process_event`` with ``process_batch``. Why not the
library's newer ``ProjectionRunner`` / ``EventSourcedProjectionRunner``
(``eventsourcing.projection``)? They follow a leader through a subscription to
its recorder, and ``eventsourcing_sqlalchemy`` offers subscriptions only on
PostgreSQL: the embedded default, a SQLite file, has none. So the shop runs
under the ``System`` runners, which prompt a follower only for saves made in the
same process, and adds here what they lack:

- ``CatchUpOnFollow``: a follower processes its leader's backlog as soon as it
  follows it, so work left by a crash is done on start under any runner;
- ``ProcessesInBatches``: each section pulled from a leader (up to
  ``pull_section_size`` events) is processed in one transaction with the
  tracking record of its last event, trying again when the database fails in a
  way that may pass;
- ``BatchProcessApplication``: a process application whose policy collects the
  whole section's new events on one ``ProcessingEvent``. Recording it uses the
  library's private ``Application._record``, ``_take_snapshots`` and
  ``_notify``, exactly as ``ProcessApplication.process_event`` does in the
  pinned release (see ``tests/unit/test_library_api.py``).
"""

from __future__ import annotations

import logging
import threading
import time
from abc import abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from eventsourcing.application import NotificationLog, ProcessingEvent
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    Notification,
    OperationalError,
    Tracking,
)
from eventsourcing.system import Follower, ProcessApplication, ProcessingJob
from sqlalchemy import exc

from pizza.domain.order import order_of
from pizza.infrastructure.parking import (
    ParkingLot,
    first_failure,
    parking_lot,
    printable,
    report,
)

RETRY_PAUSES = (0.1, 0.5)
LONGEST_WAIT = timedelta(seconds=5)
TRANSIENT = (OperationalError, InterfaceError, exc.OperationalError, exc.InterfaceError)
"""Database errors that may pass: the connection, the server, a lock."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unreachable:
    """How often the database has failed a follower in a row, and when to try
    again: after 0.5 s, then twice as long each time, up to ``LONGEST_WAIT``
    (so it is back within seconds of the database)."""

    failures: int
    retry_at: datetime

    def failed_again(self, now: datetime) -> Unreachable:
        wait = min(timedelta(seconds=0.5 * 2**self.failures), LONGEST_WAIT)
        return Unreachable(self.failures + 1, now + wait)


class CatchUpOnFollow(Follower[Any]):
    """Processes the leader's backlog as soon as it starts following it.

    The library's runners prompt a follower only when its leader records something
    new, so events recorded while the follower was down would wait for the next
    order. Runners call ``follow()`` for each pipe, in the order the system declares
    them, before any leader prompts: catching up here works under every runner.
    """

    catches_up = True
    """False for a follower that will say itself how far to read (a rebuild)."""

    def follow(self, name: str, log: NotificationLog) -> None:
        super().follow(name, log)
        if self.catches_up:
            self.pull_and_process(name)


class ProcessesInBatches(Follower[Any]):
    """Processes each section pulled from a leader's log in one transaction,
    and never stops for good.

    The tracking record of the section's last event is written atomically with
    everything the section's events caused, so a crash still loses or repeats
    nothing; a busy follower just commits once per section instead of per event.

    When a section fails, its events are processed one at a time up to the one
    that fails, which goes to the parking lot (see ``parking``): the follower
    stays at that event and tries it again later. When the database fails in a
    way that may pass (a lost connection, a restart, a lock timeout), it tries
    again after a pause, and if that fails too, it leaves the leader until
    ``retries_due()`` says to try again; nothing is recorded as stuck.
    """

    pull_section_size = 100
    """Events per section, so per transaction, when that many are waiting."""

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.parking: ParkingLot = parking_lot(self.env)
        # A start (after a fix, say) tries the events it was stuck at at once.
        now = datetime.now(tz=UTC)
        mine = [stuck for stuck in self.parking.all() if stuck.follower == self.name]
        self.stuck = {stuck.leader: replace(stuck, retry_at=now) for stuck in mine}
        self.unreachable: dict[str, Unreachable] = {}
        self.positions: dict[str, int | None] = {}  # see ``position``
        self.interrupt = threading.Event()  # set: stop after the current section
        # Told how far each processed section moved it along a leader's log, in
        # positions (events of every kind): a rebuild's progress.
        self.on_section: Callable[[int], object] | None = None

    def pull_and_process(
        self, leader_name: str, start: int | None = None, stop: int | None = None
    ) -> None:
        """Processes what the leader has recorded since this follower's position
        (or from ``start``), unless it is not yet time to try again."""
        now = datetime.now(tz=UTC)
        if leader_name in self.retries_due(now, only_waiting=True):
            return
        try:
            self.pull_and_process_or_park(leader_name, start, stop)
        except BaseException as error:
            self.positions.pop(leader_name, None)  # read it again next time
            if not isinstance(error, TRANSIENT):
                raise
            before = self.unreachable.get(leader_name, Unreachable(0, now))
            self.unreachable[leader_name] = after = before.failed_again(now)
            log.warning(
                "%s could not reach the database for %s; again at %s: %s",
                *(self.name, leader_name, after.retry_at.time(), error),
            )
        else:
            self.unreachable.pop(leader_name, None)

    def pull_and_process_or_park(
        self, leader_name: str, start: int | None, stop: int | None
    ) -> None:
        try:
            self.pull_sections(leader_name, start, stop)
        except IntegrityError:
            if start is not None:
                raise
            # Processed already, further than the position this follower kept
            # (a view swapped in by a rebuild, or another copy of the part):
            # read the position again and go on from there.
            self.positions.pop(leader_name, None)
            log.info(
                "%s: %s processed further; going on from there", self.name, leader_name
            )
            self.pull_sections(leader_name, None, stop)

    def pull_sections(
        self, leader_name: str, start: int | None, stop: int | None
    ) -> None:
        if start is None:
            start = self.position(leader_name)
        reached = start or 0
        for notifications in self.sections(leader_name, start, stop):
            received = self.filter_received_notifications(notifications)
            if received and not self.process_or_park(leader_name, received):
                return
            if self.on_section is not None:
                self.on_section(notifications[-1].id - reached)
            reached = notifications[-1].id
            if self.interrupt.is_set():
                return
        if stuck := self.stuck.get(leader_name):
            self.parking.release(self.name, leader_name)
            del self.stuck[leader_name]
            log.warning(
                "%s moved past %s notification %d",
                *(self.name, leader_name, stuck.notification_id),
            )

    def sections(
        self, leader_name: str, start: int | None, stop: int | None
    ) -> Iterator[Sequence[Notification]]:
        """The leader's notifications after ``start`` (up to ``stop``), in
        sections of ``pull_section_size``.

        Unlike the library's reader, which stops only at an empty section, this
        stops at a short one: everything recorded so far has been read, and a
        leader prompts its followers after each commit, so nothing recorded
        later is missed. That saves a query per pull."""
        log = self.readers[leader_name].notification_log
        while True:
            notifications = log.select(
                start=start,
                stop=stop,
                limit=self.pull_section_size,
                topics=self.topics,
                inclusive_of_start=False,
            )
            if notifications:
                yield notifications
            if len(notifications) < self.pull_section_size:
                return
            start = notifications[-1].id

    def position(self, leader_name: str) -> int | None:
        """The last notification of the leader this follower has processed.

        Read from the tracking table once, then kept in memory as sections
        commit: this follower is the only writer of its tracking records (one
        thread per follower in a process, one process per part in production),
        and any error makes it read the table again."""
        if leader_name not in self.positions:
            self.positions[leader_name] = self.recorder.max_tracking_id(leader_name)
        return self.positions[leader_name]

    def retries_due(self, now: datetime, *, only_waiting: bool = False) -> list[str]:
        """The leaders to prompt this follower about again, since it stopped at
        one of their events or could not reach the database; with
        ``only_waiting``, those whose time to try again has not come yet."""
        retry_at = {leader: stuck.retry_at for leader, stuck in self.stuck.items()}
        retry_at |= {leader: u.retry_at for leader, u in self.unreachable.items()}
        return [leader for leader, at in retry_at.items() if (at > now) == only_waiting]

    def process_or_park(
        self, leader_name: str, notifications: Sequence[Notification]
    ) -> bool:
        """Processes the notifications in one transaction, or else one at a time
        up to one that fails, which is parked; False if one was parked."""
        try:
            self.process_patiently(leader_name, notifications)
        except Exception as error:
            self.raise_unless_poison(error, leader_name, notifications[-1].id)
        else:
            return True
        for notification in notifications:
            try:
                self.process_patiently(leader_name, [notification])
            except Exception as error:
                self.raise_unless_poison(error, leader_name, notification.id)
                self.park(leader_name, notification.id, printable(error))
                return False
        return True

    def raise_unless_poison(
        self, error: Exception, leader_name: str, notification_id: int
    ) -> None:
        """Raises the error again unless it is the event's fault: the database
        failed in a way that may pass, or the event was processed already (its
        tracking record is refused again: a redelivery)."""
        if isinstance(error, TRANSIENT):
            raise error
        if isinstance(error, IntegrityError):
            processed = self.recorder.max_tracking_id(leader_name) or 0
            if processed >= notification_id:
                raise error

    def park(self, leader_name: str, notification_id: int, error: str) -> None:
        """Records that this follower is stuck at the notification."""
        before = self.stuck.get(leader_name)
        if before is None or before.notification_id != notification_id:
            stuck = first_failure(self.name, leader_name, notification_id, error)
        else:
            stuck = before.failed_again(error, datetime.now(tz=UTC))
        self.parking.save(stuck)
        self.stuck[leader_name] = stuck
        report(stuck)

    def process_patiently(
        self, leader_name: str, notifications: Sequence[Notification]
    ) -> None:
        """Processes the notifications, trying again after a pause when the
        database fails in a way that may pass. Each try is one transaction, so a
        failed one has left nothing behind."""
        jobs = self.convert_notifications(leader_name, notifications)
        for pause in (*RETRY_PAUSES, None):
            started = time.perf_counter()
            try:
                self.process_batch(jobs)
            except TRANSIENT:
                if pause is None:
                    raise
                log.warning("%s: database error; trying again", self.name)
                time.sleep(pause)
            else:
                self.positions[leader_name] = notifications[-1].id
                log_section(self.name, leader_name, notifications, jobs, started)
                return

    def process_event(
        self, domain_event: DomainEventProtocol[Any], tracking: Tracking
    ) -> None:
        self.process_batch([(domain_event, tracking)])
        self.positions.pop(tracking.application_name, None)

    @abstractmethod
    def process_batch(self, jobs: Sequence[ProcessingJob[Any]]) -> None:
        """Processes the events of one leader, in log order, atomically."""


def log_section(
    follower: str,
    leader: str,
    notifications: Sequence[Notification],
    jobs: Sequence[ProcessingJob[Any]],
    started: float,
) -> None:
    """A line for a processed section, naming the orders it was about."""
    orders = [order_of(event) for event, _ in jobs]
    order_ids = list(dict.fromkeys(o for o in orders if o is not None))
    first, last = notifications[0].id, notifications[-1].id
    ms = (time.perf_counter() - started) * 1000
    log.info(
        "%s processed %s %d-%d (%d events, %.1f ms) orders %s",
        *(follower, leader, first, last, len(jobs), ms, " ".join(order_ids) or "-"),
        extra={
            "event": "section",
            "follower": follower,
            "leader": leader,
            "first": first,
            "last": last,
            "events": len(jobs),
            "ms": round(ms, 1),
            "order_ids": order_ids,
        },
    )


class BatchProcessApplication(ProcessesInBatches, ProcessApplication[Any]):
    """A process application whose policy sees a batch of events in turn and
    collects all the new events on one processing event.

    A policy must therefore not read back, from the repository, aggregates that
    an earlier event of the same batch changed: they are not saved yet.
    """

    def process_batch(self, jobs: Sequence[ProcessingJob[Any]]) -> None:
        with self.processing_lock:
            processing_event = ProcessingEvent[Any](tracking=jobs[-1][1])
            for domain_event, _ in jobs:
                self.policy(domain_event, processing_event)
            recordings = self._record(processing_event)
            self._take_snapshots(processing_event)
        self._notify(recordings)
