"""The shop's system of applications, and the runners that run it."""

from __future__ import annotations

from eventsourcing.system import System

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation


class PizzaSystem(System):
    """Orders -> Validation -> OrderStatus, and Orders -> OrderStatus.

    Pipes are listed so that each follower catches up on a leader after that
    leader has caught up on its own leaders.
    """

    def __init__(self) -> None:
        super().__init__(
            pipes=[[Orders, Validation, OrderStatus], [Orders, OrderStatus]]
        )
