"""The shop's system of applications, and the runners that run it."""

from __future__ import annotations

from eventsourcing.system import System

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
