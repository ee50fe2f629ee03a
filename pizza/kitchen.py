"""The ``Kitchen`` process: tickets for validated orders, moved through the stages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import datetime
from functools import singledispatchmethod
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent
from eventsourcing.domain import DomainEvent, DomainEventProtocol
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from pizza.domain.order_check import OrderCheck
from pizza.domain.ticket import KitchenError, KitchenTicket
from pizza.infrastructure.application import (
    ConflictError,
    ShopApplication,
    decide_and_save,
)
from pizza.infrastructure.followers import BatchProcessApplication, CatchUpOnFollow

T = TypeVar("T")


class BusyError(KitchenError):
    def __init__(self) -> None:
        super().__init__("The order is changing too often just now: try again.")


class NoTicketError(KitchenError):
    """The kitchen has no ticket for the order: not validated (yet), or unknown."""


class Kitchen(CatchUpOnFollow, ShopApplication, BatchProcessApplication):
    """Follows ``Validation``: opens a ticket for each validated order. Staff, the
    autopilot, customers and the watchdog change tickets through its commands."""

    name = "Kitchen"
    topics = (get_topic(OrderCheck.Validated),)

    @singledispatchmethod
    def policy(
        self,
        domain_event: DomainEventProtocol[UUID],
        processing_event: ProcessingEvent[UUID],
    ) -> None:
        """Only validated orders come to the kitchen."""

    @policy.register
    def _(self, domain_event: OrderCheck.Validated, processing_event: Any) -> None:
        processing_event.collect_events(KitchenTicket(order_id=domain_event.order_id))

    def advance(self, order_id: UUID, from_stage: str) -> str:
        """Moves the order on from ``from_stage``; returns its new stage.

        Raises ``AlreadyMovedError`` when someone moved it first, ``NoTicketError``
        when the kitchen has no such order.
        """
        return self.change(order_id, lambda ticket: ticket.advance(from_stage))

    def advance_all(self, moves: Sequence[tuple[UUID, str]]) -> None:
        """Moves each order on from its stage, all in one transaction; a move
        that can no longer be made (staff made it, the customer cancelled) is
        left out. If another decision on one of the orders is saved first, makes
        each move on its own, as ``advance`` does."""
        tickets = []
        for order_id, from_stage in moves:
            try:
                ticket = self.get_ticket(order_id)
                ticket.advance(from_stage)
            except KitchenError:
                continue
            tickets.append(ticket)
        try:
            self.save(*tickets)
        except IntegrityError:
            for order_id, from_stage in moves:
                with suppress(KitchenError):
                    self.advance(order_id, from_stage)

    def cancel(self, order_id: UUID) -> None:
        """Cancels the order if baking has not started; again, harmlessly.

        Raises ``CancellationRefusedError`` saying why when it is too late.
        """
        self.change(order_id, lambda ticket: ticket.cancel())

    def cancel_by_shop(self, order_id: UUID, from_stage: str, reason: str) -> None:
        """Staff cancel the order at ``from_stage`` with ``reason``, which the
        customer reads. Raises ``AlreadyMovedError`` when it has moved (or was
        cancelled) meanwhile, ``ReasonError`` for a missing reason."""
        self.change(order_id, lambda ticket: ticket.cancel_by_shop(from_stage, reason))

    def flag_delayed(self, order_id: UUID, stage: str, still_since: datetime) -> bool:
        """Records that the order has been stuck at ``stage`` since
        ``still_since``; False if it has moved on or is flagged already."""
        return self.change(
            order_id, lambda ticket: ticket.flag_delayed(stage, still_since)
        )

    def get_stage(self, order_id: UUID) -> str | None:
        """The order's stage in the kitchen, or None if it has no ticket."""
        try:
            return self.get_ticket(order_id).stage
        except NoTicketError:
            return None

    def get_events(self, order_id: UUID) -> list[DomainEvent]:
        """The kitchen's events about the order, oldest first."""
        events = self.events.get(KitchenTicket.id_for(order_id))
        return [e for e in events if isinstance(e, DomainEvent)]

    def change(self, order_id: UUID, decide: Callable[[KitchenTicket], T]) -> T:
        """Decides on the ticket as it is now, and saves the decision (again
        on the new state if another decision was saved first, so of two that
        cannot both happen, a move and a cancellation, two moves, exactly one
        does)."""
        try:
            return decide_and_save(lambda: self.get_ticket(order_id), decide, self.save)
        except ConflictError:
            raise BusyError from None

    def get_ticket(self, order_id: UUID) -> KitchenTicket:
        try:
            ticket: KitchenTicket = self.repository.get(KitchenTicket.id_for(order_id))
        except AggregateNotFoundError:
            msg = "The kitchen has no such order (it may not be validated yet)."
            raise NoTicketError(msg) from None
        return ticket
