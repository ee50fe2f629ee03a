"""The ``Validation`` process: decides each order request, as new events."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.application import LocalNotificationLog, ProcessingEvent
from eventsourcing.domain import AggregateEvent, DomainEvent, DomainEventProtocol
from eventsourcing.utils import get_topic

from pizza.domain.menu import MENU, Menu
from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.domain.rules import check_order
from pizza.domain.shop_menu import MENU_ID, ShopMenu
from pizza.infrastructure.application import ShopApplication
from pizza.infrastructure.followers import BatchProcessApplication, CatchUpOnFollow
from pizza.metrics import ORDER_DECIDED_SECONDS
from pizza.orders import Orders


class Validation(CatchUpOnFollow, ShopApplication, BatchProcessApplication):
    """Follows ``Orders``; records ``OrderCheck.Validated`` or ``.Rejected``,
    deciding each order by the menu as it stood when the order was placed: the
    version the order names, read from the menu's events in the same log."""

    name = "Validation"
    topics = (get_topic(Order.Requested),)

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.menus: dict[int, Menu] = {}  # each version read; none ever changes

    @singledispatchmethod
    def policy(
        self,
        domain_event: DomainEventProtocol[UUID],
        processing_event: ProcessingEvent[UUID],
    ) -> None:
        """Events other than requests need no decision."""

    @policy.register
    def _(self, domain_event: Order.Requested, processing_event: Any) -> None:
        menu = self.menu_at(domain_event.menu_version)
        verdict = check_order(domain_event.address, domain_event.pizzas, menu)
        order_id = domain_event.originator_id
        if verdict.is_valid:
            check = OrderCheck.validate(order_id, verdict.line_prices, verdict.total)
        else:
            check = OrderCheck.reject(order_id, verdict.reasons)
        processing_event.collect_events(check)
        waited = datetime.now(tz=UTC) - domain_event.timestamp
        outcome = "validated" if verdict.is_valid else "rejected"
        ORDER_DECIDED_SECONDS.labels(outcome).observe(waited.total_seconds())

    def menu_at(self, version: int) -> Menu:
        """The menu at ``version``: its events up to it, read from the log of
        ``Orders``, where staff's changes are recorded. The seed (``MENU``)
        while the menu has no events, as before staff first changed it."""
        if version not in self.menus:
            log = self.readers[Orders.name].notification_log
            assert isinstance(log, LocalNotificationLog)
            stored = log.recorder.select_events(MENU_ID, lte=version)
            menu: ShopMenu | None = None
            for record in stored:
                event = self.mapper.to_domain_event(record)
                assert isinstance(event, AggregateEvent)
                menu = event.mutate(menu)
            self.menus[version] = MENU if menu is None else menu.as_menu()
        return self.menus[version]

    def get_events(self, order_id: UUID) -> list[DomainEvent]:
        """Validation's events about the given order, oldest first."""
        return [
            e
            for e in self.events.get(OrderCheck.id_for(order_id))
            if isinstance(e, DomainEvent)
        ]
