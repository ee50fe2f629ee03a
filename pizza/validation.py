"""The ``Validation`` process: decides each order request, as new events."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.domain import DomainEvent, DomainEventProtocol
from eventsourcing.utils import get_topic

from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.rules import check_order
from pizza.infrastructure.application import ShopApplication
from pizza.infrastructure.followers import BatchProcessApplication, CatchUpOnFollow


class Validation(CatchUpOnFollow, ShopApplication, BatchProcessApplication):
    """Follows ``Orders``; records ``OrderCheck.Validated`` or ``.Rejected``."""

    name = "Validation"
    topics = (get_topic(Order.Requested),)

    @singledispatchmethod
    def policy(
        self,
        domain_event: DomainEventProtocol[UUID],
        processing_event: ProcessingEvent[UUID],
    ) -> None:
        """Events other than requests need no decision."""

    @policy.register
    def _(self, domain_event: Order.Requested, processing_event: Any) -> None:
        verdict = check_order(domain_event.address, domain_event.pizzas)
        order_id = domain_event.originator_id
        if verdict.is_valid:
            check = OrderCheck.validate(order_id, verdict.line_prices, verdict.total)
        else:
            check = OrderCheck.reject(order_id, verdict.reasons)
        processing_event.collect_events(check)

    def get_events(self, order_id: UUID) -> list[DomainEvent]:
        """Validation's events about the given order, oldest first."""
        return [
            e
            for e in self.events.get(OrderCheck.id_for(order_id))
            if isinstance(e, DomainEvent)
        ]
