"""The shop's system of applications, and the runners that run it."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from eventsourcing.system import MultiThreadedRunner, System

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation


class PizzaSystem(System):
    """Orders -> Validation -> OrderStatus, and Orders -> OrderStatus.

    Followers catch up on their leaders in the order the pipes list them, so the
    view reads the requests before the decisions about them. It would cope the
    other way round too (events of different logs can arrive in any order), but
    this way a customer never sees a decided order without its contents.
    """

    def __init__(self) -> None:
        super().__init__(
            pipes=[[Orders, OrderStatus], [Orders, Validation, OrderStatus]]
        )


def start_threaded(env: Mapping[str, str]) -> MultiThreadedRunner[UUID]:
    """Starts the system with a thread per follower, as the embedded server does.

    Each follower first catches up on what its leaders recorded while it was down.
    """
    runner = MultiThreadedRunner[UUID](PizzaSystem(), env=dict(env))
    runner.start()
    return runner
