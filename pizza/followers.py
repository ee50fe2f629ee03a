"""What every follower in the shop does on top of the library's ``Follower``."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import NotificationLog
from eventsourcing.system import Follower


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
