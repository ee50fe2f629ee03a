"""The ``OrderStatus`` view: what every page and query reads about an order."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import IntegrityError
from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.status.application import RECENT_CHANGES
from pizza.validation import Validation
from tests.unit.helpers import POPO_ENV, margherita, place, price_of

PIZZAS = [margherita(), margherita(sauce="Pesto", extra_toppings=["Onion", "Basil"])]


def is_utc(moment: object) -> bool:
    return isinstance(moment, datetime) and moment.utcoffset() is not None


def test_a_validated_order_shows_its_contents_prices_and_timeline(
    runner: SingleThreadedRunner[Any],
) -> None:
    order_id = place(runner.get(Orders), pizzas=PIZZAS)
    view = runner.get(OrderStatus).get_order(order_id)
    assert view is not None
    assert view["id"] == str(order_id)
    assert view["customer_id"] == "c-1"
    assert view["address"] == "1 Main St"
    assert view["status"] == "validated"
    assert view["pizzas"] == [{**p, "price": price_of(p)} for p in PIZZAS]
    assert view["total"] == sum(price_of(p) for p in PIZZAS)
    assert isinstance(view["total"], Decimal)
    assert view["reasons"] == []
    assert is_utc(view["requested_at"])
    assert is_utc(view["updated_at"])
    assert view["requested_at"] <= view["updated_at"]
    timeline = view["timeline"]
    assert [e["event"] for e in timeline] == ["requested", "validated"]
    assert [e["application"] for e in timeline] == ["Orders", "Validation"]
    assert all(is_utc(e["at"]) and e["detail"] for e in timeline)
    assert [e["at"] for e in timeline] == [view["requested_at"], view["updated_at"]]


def test_a_rejected_order_shows_its_reasons_and_no_prices(
    runner: SingleThreadedRunner[Any],
) -> None:
    order_id = place(runner.get(Orders), pizzas=[margherita(sauce="X")])
    view = runner.get(OrderStatus).get_order(order_id)
    assert view is not None
    assert view["status"] == "rejected"
    assert view["reasons"] == ['Pizza 1: unknown sauce "X".']
    assert view["total"] is None
    assert [p["price"] for p in view["pizzas"]] == [None]
    assert [e["event"] for e in view["timeline"]] == ["requested", "rejected"]
    assert 'unknown sauce "X"' in view["timeline"][1]["detail"]


def test_an_order_can_be_looked_up_by_its_id_as_text(
    runner: SingleThreadedRunner[Any],
) -> None:
    order_id = place(runner.get(Orders))
    view = runner.get(OrderStatus).get_order(str(order_id).upper())
    assert view is not None
    assert view["id"] == str(order_id)


@pytest.mark.parametrize("order_id", [uuid4(), str(uuid4()), "not-an-id", "", "1"])
def test_an_unknown_or_malformed_id_gives_none(
    runner: SingleThreadedRunner[Any], order_id: UUID | str
) -> None:
    place(runner.get(Orders))
    assert runner.get(OrderStatus).get_order(order_id) is None


def test_list_orders_gives_a_customers_orders_newest_first(
    runner: SingleThreadedRunner[Any],
) -> None:
    orders = runner.get(Orders)
    placed = [place(orders, customer_id="c-1") for _ in range(3)]
    place(orders, customer_id="c-2")
    listed = runner.get(OrderStatus).list_orders("c-1")
    assert [view["id"] for view in listed] == [str(i) for i in reversed(placed)]
    assert {view["customer_id"] for view in listed} == {"c-1"}
    newest_two = runner.get(OrderStatus).list_orders("c-1", limit=2)
    assert newest_two == listed[:2]
    assert runner.get(OrderStatus).list_orders("c-3") == []


def test_count_by_status(runner: SingleThreadedRunner[Any]) -> None:
    status = runner.get(OrderStatus)
    assert status.count_by_status() == {}
    orders = runner.get(Orders)
    place(orders)
    place(orders)
    place(orders, address="")
    assert status.count_by_status() == {"validated": 2, "rejected": 1}


def test_the_view_catches_up_on_a_backlog_then_keeps_up(orders: Orders) -> None:
    backlog = [place(orders) for _ in range(3)]
    status = OrderStatus(env=POPO_ENV)
    status.follow("Orders", orders.notification_log)
    assert all(status.get_order(order_id) for order_id in backlog)
    later = place(orders)
    status.pull_and_process("Orders")
    status.pull_and_process("Orders")
    assert status.count_by_status() == {"requested": 4}
    view = status.get_order(later)
    assert view is not None
    assert [e["event"] for e in view["timeline"]] == ["requested"]


def test_a_redelivered_event_changes_nothing(orders: Orders) -> None:
    order_id = place(orders)
    status = OrderStatus(env=POPO_ENV)
    status.follow("Orders", orders.notification_log)
    before = status.get_order(order_id)
    with pytest.raises(IntegrityError):
        status.pull_and_process("Orders", start=0)
    assert status.get_order(order_id) == before


def status_in_order(orders: Orders, validation: Validation) -> OrderStatus:
    status = OrderStatus(env=POPO_ENV)
    status.follow("Orders", orders.notification_log)
    status.follow("Validation", validation.notification_log)
    return status


def status_out_of_order(orders: Orders, validation: Validation) -> OrderStatus:
    status = OrderStatus(env=POPO_ENV)
    status.follow("Validation", validation.notification_log)
    status.follow("Orders", orders.notification_log)
    return status


@pytest.mark.parametrize(
    ("changes", "final_status"),
    [
        pytest.param({}, "validated", id="validated"),
        pytest.param({"pizzas": [margherita(sauce="X")]}, "rejected", id="rejected"),
    ],
)
def test_the_view_does_not_depend_on_the_order_events_arrive_in(
    orders: Orders, changes: dict[str, Any], final_status: str
) -> None:
    order_id = place(orders, **changes)
    validation = Validation(env=POPO_ENV)
    validation.follow("Orders", orders.notification_log)
    expected = status_in_order(orders, validation).get_order(order_id)
    view = status_out_of_order(orders, validation).get_order(order_id)
    assert view is not None
    assert view == expected
    assert view["status"] == final_status
    assert view["customer_id"] == "c-1"
    assert view["pizzas"]
    assert view["requested_at"] < view["updated_at"]


def test_the_counts_are_the_same_whatever_order_events_arrive_in(
    orders: Orders,
) -> None:
    for changes in ({}, {}, {"pizzas": [margherita(sauce="X")]}):
        place(orders, **changes)
    validation = Validation(env=POPO_ENV)
    validation.follow("Orders", orders.notification_log)
    place(orders)  # not decided yet

    in_order = status_in_order(orders, validation).count_by_status()
    out_of_order = status_out_of_order(orders, validation).count_by_status()

    assert in_order == out_of_order == {"validated": 2, "rejected": 1, "requested": 1}


def test_a_decision_seen_before_its_request_is_kept_when_the_request_comes(
    orders: Orders,
) -> None:
    order_id = place(orders, pizzas=PIZZAS)
    validation = Validation(env=POPO_ENV)
    validation.follow("Orders", orders.notification_log)
    status = OrderStatus(env=POPO_ENV)
    status.follow("Validation", validation.notification_log)
    early = status.get_order(order_id)
    assert early is not None
    assert early["status"] == "validated"
    assert early["total"] == sum(price_of(p) for p in PIZZAS)
    status.follow("Orders", orders.notification_log)
    late = status.get_order(order_id)
    assert late is not None
    assert late["status"] == "validated"
    assert late["updated_at"] == early["updated_at"]
    assert [p["price"] for p in late["pizzas"]] == [price_of(p) for p in PIZZAS]


def test_a_waiter_is_not_shown_an_order_before_its_request(orders: Orders) -> None:
    order_id = place(orders)
    validation = Validation(env=POPO_ENV)
    validation.follow("Orders", orders.notification_log)
    status = OrderStatus(env=POPO_ENV)
    status.follow("Validation", validation.notification_log)

    with pytest.raises(TimeoutError):
        status.wait_for_order(order_id, timeout=0)
    status.follow("Orders", orders.notification_log)
    shown = status.wait_for_order(order_id, timeout=0)

    assert shown["requested_at"] is not None
    assert shown["customer_id"] == "c-1"


def test_a_waiter_reads_again_only_for_changes_that_may_touch_its_order() -> None:
    with OrderStatus(env=POPO_ENV) as view:
        seen = view.changes
        view.note_change(frozenset({"other"}))
        assert not view.may_have_changed("mine", seen)
        view.note_change(frozenset({"mine"}))
        assert view.may_have_changed("mine", seen)
        seen = view.changes
        view.note_change()  # another process's change: orders unknown
        assert view.may_have_changed("mine", seen)
        seen = view.changes
        for _ in range(RECENT_CHANGES + 1):  # more than it remembers
            view.note_change(frozenset({"other"}))
        assert view.may_have_changed("mine", seen)
