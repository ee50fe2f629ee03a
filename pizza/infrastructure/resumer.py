"""Prompts followers that are waiting to try again.

The library's ``MultiThreadedRunner`` prompts a follower's thread only when a
leader records something new. A follower that stopped at an event it could not
process, or could not reach the database (see ``followers``), must try again
when its pause is over even if nothing new comes: this thread prompts it then,
through the same ``receive_recording_event`` the leaders call.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Any

from eventsourcing.system import MultiThreadedRunner, RecordingEvent

from pizza.infrastructure.followers import ProcessesInBatches

CHECK_EVERY = 0.5  # seconds
log = logging.getLogger(__name__)


class Resumer:
    def __init__(self, runner: MultiThreadedRunner[Any]) -> None:
        self.runner = runner
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="resumer", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)

    def run(self) -> None:
        while not self.stopping.wait(CHECK_EVERY):
            try:
                self.prompt_due()
            except Exception:
                log.exception("Could not prompt the followers that wait")

    def prompt_due(self) -> None:
        now = datetime.now(tz=UTC)
        for name, thread in self.runner.threads.items():
            follower = self.runner.apps[name]
            if isinstance(follower, ProcessesInBatches):
                for leader_name in follower.retries_due(now):
                    thread.receive_recording_event(
                        RecordingEvent(leader_name, [], None)
                    )
