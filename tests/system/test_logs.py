"""A log line per section each follower processes, naming the orders in it:
an order can be followed from the request to the kitchen and the view."""

from __future__ import annotations

import logging
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.system import PizzaSystem
from tests.conftest import memory_backend
from tests.system.scenario import order_request


def test_each_follower_logs_the_sections_it_processes_with_their_orders(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="pizza.infrastructure.followers")
    with SingleThreadedRunner[UUID](PizzaSystem(), env=memory_backend().env) as runner:
        order_id = runner.get(Orders).place_order(**order_request("c-1"))
        runner.get(Kitchen).advance(order_id, "validated")

    sections = [
        (r.follower, r.leader)  # type: ignore[attr-defined]
        for r in caplog.records
        if getattr(r, "event", None) == "section" and str(order_id) in r.order_ids  # type: ignore[attr-defined]
    ]
    assert sections == [
        ("OrderStatus", "Orders"),
        ("Validation", "Orders"),
        ("OrderStatus", "Validation"),
        ("Kitchen", "Validation"),
        ("OrderStatus", "Kitchen"),
    ]
