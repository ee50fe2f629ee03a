"""The shop's system of applications, and the runners that run it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.system import Follower, MultiThreadedRunner, Runner, System

from pizza.accounts import Accounts
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation


class PizzaSystem(System):
    """Orders -> Validation -> OrderStatus, and Orders -> OrderStatus; Accounts
    stands alone.

    Followers catch up on their leaders in the order the pipes list them, so the
    view reads the requests before the decisions about them. It would cope the
    other way round too (events of different logs can arrive in any order), but
    this way a customer never sees a decided order without its contents.
    """

    def __init__(self) -> None:
        super().__init__(
            pipes=[
                [Accounts],
                [Orders, OrderStatus],
                [Orders, Validation, OrderStatus],
            ]
        )


def start_threaded(env: Mapping[str, str]) -> MultiThreadedRunner[UUID]:
    """Starts the system with a thread per follower, as the embedded server does.

    Each follower first catches up on what its leaders recorded while it was down.
    """
    runner = MultiThreadedRunner[UUID](PizzaSystem(), env=dict(env))
    runner.start()
    return runner


@dataclass(frozen=True)
class FollowerLag:
    """How far a follower has read of a leader's log."""

    follower: str
    leader: str
    processed: int
    recorded: int

    @property
    def behind(self) -> int:
        return self.recorded - self.processed


def follower_lags(runner: Runner[Any]) -> list[FollowerLag]:
    """Each follower's position in each of its leaders' logs."""
    lags = []
    for leader_name, follower_name in runner.system.edges:
        leader = runner.get(runner.system.get_app_cls(leader_name))
        follower = runner.get(runner.system.get_app_cls(follower_name))
        assert isinstance(follower, Follower)
        recorded = leader.recorder.max_notification_id() or 0
        processed = follower.recorder.max_tracking_id(leader_name) or 0
        lags.append(FollowerLag(follower_name, leader_name, processed, recorded))
    return lags
