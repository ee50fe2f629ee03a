"""The shop's system of applications, and the runners that run it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.system import Follower, MultiThreadedRunner, Runner, System

from pizza.accounts import Accounts
from pizza.autopilot import Autopilot
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation
from pizza.watchdog import Watchdog


class PizzaSystem(System):
    """Orders -> Validation -> Kitchen, and the view (OrderStatus) following all
    three; Accounts stands alone. With ``autopilot``, an Autopilot follows the
    Kitchen and moves orders on by itself.

    Followers catch up on their leaders in the order the pipes list them, so the
    view reads the requests before the decisions about them. It would cope the
    other way round too (events of different logs can arrive in any order), but
    this way a customer never sees a decided order without its contents.
    """

    def __init__(self, *, autopilot: bool = False) -> None:
        super().__init__(pipes=self.pipes(autopilot=autopilot))

    @staticmethod
    def pipes(*, autopilot: bool = False) -> list[list[type[Application[Any]]]]:
        pipes: list[list[type[Application[Any]]]] = [
            [Accounts],
            [Orders, OrderStatus],
            [Orders, Validation, OrderStatus],
            [Validation, Kitchen, OrderStatus],
        ]
        if autopilot:
            pipes.append([Kitchen, Autopilot])
        return pipes


class ShopRunner(MultiThreadedRunner[UUID]):
    """The whole shop in one process, as the embedded server runs it: a thread
    per follower, the autopilot (``PIZZA_AUTOPILOT=on``) and the watchdog
    (``WATCHDOG_STUCK_AFTER`` seconds without a move, checked every
    ``WATCHDOG_INTERVAL`` seconds; ``WATCHDOG_STUCK_AFTER=0`` turns it off)."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.settings = dict(env)
        autopilot = self.settings.get("PIZZA_AUTOPILOT", "off") == "on"
        super().__init__(PizzaSystem(autopilot=autopilot), env=self.settings)
        self.watchdog: Watchdog | None = None

    def start(self) -> None:
        """Starts every follower, each catching up first; then the autopilot and
        the watchdog."""
        super().start()
        kitchen = self.get(Kitchen)
        if Autopilot.name in self.apps:
            self.get(Autopilot).engage(kitchen)
        stuck_after = float(self.settings.get("WATCHDOG_STUCK_AFTER", "900"))
        if stuck_after > 0:
            interval = float(self.settings.get("WATCHDOG_INTERVAL", "30"))
            self.watchdog = Watchdog(
                kitchen, self.get(OrderStatus), timedelta(seconds=stuck_after), interval
            )
            self.watchdog.start()

    def stop(self) -> None:
        if self.watchdog is not None:
            self.watchdog.stop()
        super().stop()


def start_threaded(env: Mapping[str, str]) -> ShopRunner:
    """Starts the shop as the embedded server does (see ``ShopRunner``)."""
    runner = ShopRunner(env)
    runner.start()
    return runner


LAG_COUNTED_UP_TO = 1000


@dataclass(frozen=True)
class FollowerLag:
    """How far a follower has read of a leader's log: the last position it
    processed, the leader's last position, and how many events it has still to
    process (counting only those it reads, up to ``LAG_COUNTED_UP_TO``)."""

    follower: str
    leader: str
    processed: int
    recorded: int
    behind: int


def follower_lags(runner: Runner[Any]) -> list[FollowerLag]:
    """Each follower's position in each of its leaders' logs."""
    lags = []
    for leader_name, follower_name in runner.system.edges:
        leader = runner.get(runner.system.get_app_cls(leader_name))
        follower = runner.get(runner.system.get_app_cls(follower_name))
        assert isinstance(follower, Follower)
        processed = follower.recorder.max_tracking_id(leader_name) or 0
        waiting = leader.recorder.select_notifications(
            start=processed + 1, limit=LAG_COUNTED_UP_TO, topics=follower.topics
        )
        recorded = leader.recorder.max_notification_id() or 0
        lags.append(
            FollowerLag(follower_name, leader_name, processed, recorded, len(waiting))
        )
    return lags


def stopped_followers(runner: Runner[Any]) -> dict[str, str]:
    """Followers whose thread has stopped on an error, with the error. A
    restart resumes them where they stopped."""
    if not isinstance(runner, MultiThreadedRunner):
        return {}
    return {
        name: str(thread.error)
        for name, thread in runner.threads.items()
        if thread.error
    }
