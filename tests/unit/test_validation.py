"""The ``Validation`` process decides each stored request, once, as a new event."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError
from eventsourcing.system import SingleThreadedRunner

from pizza.domain.order import Order
from pizza.domain.order_check import OrderCheck
from pizza.orders import Orders
from pizza.validation import Validation
from tests.unit.helpers import POPO_ENV, event_count, margherita, place, price_of

VALID_PIZZAS = [margherita(), margherita(main_topping="Ham", extra_toppings=[])]


@pytest.fixture
def validation() -> Validation:
    return Validation(env=POPO_ENV)


def test_a_valid_request_is_validated_with_its_total(
    orders: Orders, validation: Validation
) -> None:
    order_id = place(orders, pizzas=VALID_PIZZAS)
    validation.follow("Orders", orders.notification_log)
    (decision,) = validation.get_events(order_id)
    assert isinstance(decision, OrderCheck.Validated)
    assert decision.order_id == order_id
    assert list(decision.line_prices) == [price_of(p) for p in VALID_PIZZAS]
    assert decision.total == sum(decision.line_prices)


def test_a_request_that_breaks_the_rules_is_rejected_with_reasons(
    orders: Orders, validation: Validation
) -> None:
    order_id = place(orders, address=" ", pizzas=[margherita(cheese="Brie")])
    validation.follow("Orders", orders.notification_log)
    (decision,) = validation.get_events(order_id)
    assert isinstance(decision, OrderCheck.Rejected)
    assert decision.order_id == order_id
    assert list(decision.reasons) == [
        "The delivery address is empty.",
        'Pizza 1: unknown cheese "Brie".',
    ]


def test_the_decision_is_validations_own_and_the_request_stays_as_submitted(
    runner: SingleThreadedRunner[Any],
) -> None:
    """Through the whole system: deciding adds to Validation's log only."""
    orders, validation = runner.get(Orders), runner.get(Validation)
    order_id = place(orders, pizzas=[margherita(sauce="X")])

    (decision,) = validation.get_events(order_id)
    assert isinstance(decision, OrderCheck.Rejected)
    assert list(decision.reasons) == ['Pizza 1: unknown sauce "X".']
    assert event_count(validation) == 1
    (request,) = orders.get_events(order_id)
    assert isinstance(request, Order.Requested)
    assert [pizza.as_dict() for pizza in request.pizzas] == [margherita(sauce="X")]
    assert event_count(orders) == 1


def test_processing_again_records_no_second_decision(
    orders: Orders, validation: Validation
) -> None:
    order_id = place(orders, pizzas=VALID_PIZZAS)
    validation.follow("Orders", orders.notification_log)
    validation.pull_and_process("Orders")
    validation.pull_and_process("Orders")
    assert len(validation.get_events(order_id)) == 1
    assert event_count(validation) == 1


def test_a_redelivered_request_is_refused_and_records_nothing(
    orders: Orders, validation: Validation
) -> None:
    order_id = place(orders, pizzas=VALID_PIZZAS)
    validation.follow("Orders", orders.notification_log)
    with pytest.raises(IntegrityError):
        validation.pull_and_process("Orders", start=0)
    assert len(validation.get_events(order_id)) == 1
    assert event_count(validation) == 1


def test_a_backlog_is_decided_on_follow(orders: Orders, validation: Validation) -> None:
    valid = [place(orders, pizzas=VALID_PIZZAS) for _ in range(3)]
    rejected = [place(orders, pizzas=[]) for _ in range(2)]
    validation.follow("Orders", orders.notification_log)
    assert event_count(validation) == 5
    validation.pull_and_process("Orders")
    assert event_count(validation) == 5
    for order_id in valid:
        (decision,) = validation.get_events(order_id)
        assert isinstance(decision, OrderCheck.Validated)
    for order_id in rejected:
        (decision,) = validation.get_events(order_id)
        assert isinstance(decision, OrderCheck.Rejected)


def test_orders_placed_after_following_are_decided_when_pulled(
    orders: Orders, validation: Validation
) -> None:
    validation.follow("Orders", orders.notification_log)
    order_id = place(orders, pizzas=VALID_PIZZAS)
    assert validation.get_events(order_id) == []
    validation.pull_and_process("Orders")
    (decision,) = validation.get_events(order_id)
    assert isinstance(decision, OrderCheck.Validated)


def test_a_backlog_of_several_pull_sections_is_decided(
    orders: Orders, validation: Validation
) -> None:
    count = Validation.pull_section_size * 2 + 3
    order_ids = [place(orders, pizzas=VALID_PIZZAS) for _ in range(count)]
    validation.follow("Orders", orders.notification_log)
    assert event_count(validation) == count
    assert all(len(validation.get_events(i)) == 1 for i in order_ids)
