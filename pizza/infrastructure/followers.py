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
import time
from abc import abstractmethod
from collections.abc import Sequence
from typing import Any

from eventsourcing.application import NotificationLog, ProcessingEvent
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import InterfaceError, OperationalError, Tracking
from eventsourcing.system import Follower, ProcessApplication, ProcessingJob

RETRY_PAUSES = (0.1, 0.5, 2.0)
log = logging.getLogger(__name__)


class CatchUpOnFollow(Follower[Any]):
    """Processes the leader's backlog as soon as it starts following it.

    The library's runners prompt a follower only when its leader records something
    new, so events recorded while the follower was down would wait for the next
    order. Runners call ``follow()`` for each pipe, in the order the system declares
    them, before any leader prompts: catching up here works under every runner.
    """

    def follow(self, name: str, log: NotificationLog) -> None:
        super().follow(name, log)
        self.pull_and_process(name)


class ProcessesInBatches(Follower[Any]):
    """Processes each section pulled from a leader's log in one transaction.

    The tracking record of the section's last event is written atomically with
    everything the section's events caused, so a crash still loses or repeats
    nothing; a busy follower just commits once per section instead of per event.
    """

    def pull_and_process(
        self, leader_name: str, start: int | None = None, stop: int | None = None
    ) -> None:
        if start is None:
            start = self.recorder.max_tracking_id(leader_name)
        for notifications in self.pull_notifications(
            leader_name, start=start, stop=stop, inclusive_of_start=False
        ):
            received = self.filter_received_notifications(notifications)
            jobs = self.convert_notifications(leader_name, received)
            if jobs:
                self.process_batch_patiently(jobs)

    def process_batch_patiently(self, jobs: Sequence[ProcessingJob[Any]]) -> None:
        """Processes the batch, trying again after a pause when the database
        fails in a way that may pass (a lock, a dropped connection). Each try
        is one transaction, so a failed one has left nothing behind."""
        for pause in (*RETRY_PAUSES, None):
            try:
                self.process_batch(jobs)
            except (OperationalError, InterfaceError):
                if pause is None:
                    raise
                log.warning("%s: database error; trying again", self.name)
                time.sleep(pause)
            else:
                return

    def process_event(
        self, domain_event: DomainEventProtocol[Any], tracking: Tracking
    ) -> None:
        self.process_batch([(domain_event, tracking)])

    @abstractmethod
    def process_batch(self, jobs: Sequence[ProcessingJob[Any]]) -> None:
        """Processes the events of one leader, in log order, atomically."""


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
