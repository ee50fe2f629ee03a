"""The shop's system of applications, and the runners that run it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.system import MultiThreadedRunner, System

from pizza.accounts import Accounts
from pizza.autopilot import Autopilot
from pizza.infrastructure.resumer import Resumer
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.settings import Settings
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
            [Accounts, OrderStatus],  # forgotten customers leave the view
            [Orders, Validation, OrderStatus],
            [Validation, Kitchen, OrderStatus],
        ]
        if autopilot:
            pipes.append([Kitchen, Autopilot])
        return pipes


class ShopRunner(MultiThreadedRunner[UUID]):
    """The whole shop in one process, as the embedded server runs it: a thread
    per follower, one that prompts followers waiting to try again, the
    autopilot (``settings.autopilot``) and the watchdog (unless
    ``settings.watchdog_stuck_after`` is 0)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        system = PizzaSystem(autopilot=settings.autopilot)
        super().__init__(system, env=dict(settings.env))
        self.watchdog: Watchdog | None = None
        self.resumer = Resumer(self)

    def start(self) -> None:
        """Starts every follower, each catching up first; then the autopilot and
        the watchdog."""
        super().start()
        self.resumer.start()
        kitchen = self.get(Kitchen)
        if Autopilot.name in self.apps:
            self.get(Autopilot).engage(kitchen)
        if self.settings.watchdog_stuck_after > 0:
            self.watchdog = Watchdog(
                kitchen,
                self.get(OrderStatus),
                timedelta(seconds=self.settings.watchdog_stuck_after),
                self.settings.watchdog_interval,
            )
            self.watchdog.start()

    def stop(self) -> None:
        if self.watchdog is not None:
            self.watchdog.stop()
        self.resumer.stop()
        super().stop()


def start_threaded(settings: Settings) -> ShopRunner:
    """Starts the shop as the embedded server does (see ``ShopRunner``)."""
    runner = ShopRunner(settings)
    runner.start()
    return runner
