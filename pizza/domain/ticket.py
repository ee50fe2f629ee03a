"""The ``KitchenTicket`` aggregate: an order's life after validation.

A ticket is opened for every validated order. Staff (or the autopilot) move it
through the stages; the customer may cancel it until baking starts, and staff at
any stage before delivery, with a reason the customer reads; the watchdog flags
it when it stops moving. Every one of those decisions is taken on this one
aggregate, so concurrent ones are settled by its version: exactly one wins.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from pizza.domain.text import staff_text_problem

KITCHEN_TICKETS = uuid5(NAMESPACE_URL, "urn:pizza:kitchen-ticket")
STAGES = ("validated", "assembling", "baking", "out_for_delivery", "delivered")
WAITING_STAGES = STAGES[:-1]
"""The stages an order waits in for someone (or the autopilot) to move it on."""
CANCELLABLE = frozenset({"validated", "assembling"})
CANCELLED = "cancelled"


class KitchenError(Exception):
    """A request the kitchen cannot carry out; the message says why."""


class AlreadyMovedError(KitchenError):
    def __init__(self, stage: str) -> None:
        super().__init__(f"Already moved: the order is {describe_stage(stage)} now.")
        self.stage = stage


class CancellationRefusedError(KitchenError):
    pass


class ReasonError(KitchenError):
    """A cancellation by the shop without a reason a customer can read."""


MAX_REASON = 200


def next_stage(stage: str) -> str:
    """The stage after a waiting stage."""
    return STAGES[STAGES.index(stage) + 1]


def describe_stage(stage: str) -> str:
    return stage.replace("_", " ")


class KitchenTicket(Aggregate):
    class Opened(Aggregate.Created):
        order_id: UUID

    class Moved(Aggregate.Event):
        order_id: UUID
        stage: str

    class Cancelled(Aggregate.Event):
        order_id: UUID

    class CancelledByShop(Aggregate.Event):
        """Staff stopped the order; ``stage`` is where it was, so a stop at
        "validated" is a refusal before the kitchen started on it."""

        order_id: UUID
        stage: str
        reason: str

    class Delayed(Aggregate.Event):
        order_id: UUID
        stage: str
        still_since: datetime

    @event(Opened)
    def __init__(self, order_id: UUID) -> None:
        self.order_id = order_id
        self.stage = STAGES[0]
        self.delayed = False
        self.reason = ""  # why the shop cancelled it, if it did

    @staticmethod
    def create_id(order_id: UUID) -> UUID:
        return KitchenTicket.id_for(order_id)

    @staticmethod
    def id_for(order_id: UUID) -> UUID:
        return uuid5(KITCHEN_TICKETS, str(order_id))

    def advance(self, from_stage: str) -> str:
        """Moves the ticket on from ``from_stage``; returns the new stage.

        Raises ``AlreadyMovedError`` if it is no longer at ``from_stage`` (someone
        moved it first), or ``KitchenError`` if there is no stage after it.
        """
        if self.stage != from_stage:
            raise AlreadyMovedError(self.stage)
        if self.stage not in WAITING_STAGES:
            raise KitchenError(
                f"An order that is {describe_stage(self.stage)} stays so."
            )
        self._move(self.order_id, next_stage(self.stage))
        return self.stage

    def cancel(self) -> None:
        """Cancels the ticket until baking starts; cancelling again does nothing."""
        if self.stage == CANCELLED:
            return
        if self.stage not in CANCELLABLE:
            raise CancellationRefusedError(
                "Too late to cancel: the order is "
                f"{describe_stage(self.stage)} already."
            )
        self._cancel(self.order_id)

    def cancel_by_shop(self, from_stage: str, reason: str) -> None:
        """Staff cancel the order at ``from_stage`` (any stage before delivery),
        telling the customer ``reason``.

        Raises ``AlreadyMovedError`` if it is no longer at ``from_stage`` (staff
        decide on what they saw, as for a move), ``KitchenError`` once it is
        delivered or cancelled, ``ReasonError`` for an empty or long reason.
        """
        empty = "Say why, in words the customer will read."
        reason, problem = staff_text_problem(reason, "reason", MAX_REASON, empty)
        if problem:
            raise ReasonError(problem)
        if self.stage != from_stage:
            raise AlreadyMovedError(self.stage)
        if self.stage not in WAITING_STAGES:
            raise KitchenError(
                f"An order that is {describe_stage(self.stage)} stays so."
            )
        self._cancel_by_shop(self.order_id, self.stage, reason)

    def flag_delayed(self, stage: str, still_since: datetime) -> bool:
        """Flags the ticket as stuck at ``stage``, unless it has moved on or is
        flagged already; says whether it flagged it."""
        if self.stage != stage or self.delayed or stage not in WAITING_STAGES:
            return False
        self._flag(self.order_id, stage, still_since)
        return True

    # Every event names its order, so readers of the log need nothing else.
    @event(Moved)
    def _move(self, order_id: UUID, stage: str) -> None:
        self.stage = stage
        self.delayed = False

    @event(Cancelled)
    def _cancel(self, order_id: UUID) -> None:
        self.stage = CANCELLED
        self.delayed = False

    @event(CancelledByShop)
    def _cancel_by_shop(self, order_id: UUID, stage: str, reason: str) -> None:
        self.stage = CANCELLED
        self.delayed = False
        self.reason = reason

    @event(Delayed)
    def _flag(self, order_id: UUID, stage: str, still_since: datetime) -> None:
        self.delayed = True
