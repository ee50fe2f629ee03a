"""Prompts followers that are waiting to try again.

The library's ``MultiThreadedRunner`` prompts a follower's thread only when a
leader records something new. A follower that stopped at an event it could not
process, or could not reach the database (see ``followers``), must try again
when its pause is over even if nothing new comes: this thread prompts it then,
through the same ``receive_recording_event`` the leaders call.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from eventsourcing.system import MultiThreadedRunner, RecordingEvent

from pizza.infrastructure.followers import ProcessesInBatches
from pizza.infrastructure.periodic import Periodic

CHECK_EVERY = 0.5  # seconds


class Resumer(Periodic):
    def __init__(self, runner: MultiThreadedRunner[Any]) -> None:
        super().__init__("resumer", self.prompt_due, CHECK_EVERY)
        self.runner = runner

    def prompt_due(self) -> None:
        now = datetime.now(tz=UTC)
        for name, thread in self.runner.threads.items():
            follower = self.runner.apps[name]
            if isinstance(follower, ProcessesInBatches):
                for leader_name in follower.retries_due(now):
                    prompt = RecordingEvent[Any](leader_name, [], None)
                    thread.receive_recording_event(prompt)
