"""Cancelling orders through the JSON API, and the kitchen's stages as the API
shows them. Every response here is also checked against the OpenAPI document
by ``Api`` (see api_helpers)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner, System

from pizza.kitchen import Kitchen
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from pizza.watchdog import Watchdog
from tests.web.api_helpers import (
    Api,
    Customer,
    error_of,
    new_customer,
    openapi_document,
)

# The api and ann fixtures; pytest finds them by their names once imported.
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture
from tests.web.conftest import MEMORY_ENV, make_app
from tests.web.helpers import move, system_where_nothing_feeds
from webapp.services import shop


def api_over(system: System, **config: object) -> Iterator[Api]:
    runner = SingleThreadedRunner[UUID](system, env=MEMORY_ENV)
    runner.start()
    try:
        app = make_app(runner, **config)
        yield Api(app, app.test_client(), openapi_document(app))
    finally:
        runner.stop()


@pytest.fixture
def undecided_api() -> Iterator[Api]:
    """The API of a shop whose validation follows nothing: orders stay
    requested."""
    yield from api_over(system_where_nothing_feeds(Validation), VIEW_WAIT=0)


@pytest.fixture
def lagging_api() -> Iterator[Api]:
    """The API of a shop whose view does not follow the kitchen: it shows
    orders validated, and never what the kitchen did to them."""
    pipes = [
        [app for app in pipe if not (Kitchen in pipe and app is OrderStatus)]
        for pipe in PizzaSystem.pipes()
    ]
    yield from api_over(System(pipes=pipes), VIEW_WAIT=0)


def cancel(api: Api, order_id: str, customer: Customer) -> tuple[int, Any]:
    response = api.post(f"/api/orders/{order_id}/cancel", token=customer.token)
    return response.status_code, response.get_json()


def test_a_validated_order_is_cancelled_and_again_harmlessly(
    api: Api, ann: Customer
) -> None:
    order_id = api.place(ann.token).get_json()["id"]

    first = cancel(api, order_id, ann)
    second = cancel(api, order_id, ann)

    status, order = first
    assert status == 200
    assert order["status"] == "cancelled"
    assert [step["event"] for step in order["timeline"]] == [
        "requested",
        "validated",
        "cancelled",
    ]
    assert second == first
    assert api.get(f"/api/orders/{order_id}", ann.token).get_json() == order


def test_an_assembling_order_is_cancelled(api: Api, ann: Customer) -> None:
    order_id = api.place(ann.token).get_json()["id"]
    move(api.app, order_id, "validated")

    status, order = cancel(api, order_id, ann)

    assert (status, order["status"]) == (200, "cancelled")


@pytest.mark.parametrize(
    ("stages", "now"),
    [
        (("validated", "assembling"), "baking"),
        (("validated", "assembling", "baking", "out_for_delivery"), "delivered"),
    ],
)
def test_once_baking_has_started_cancelling_is_409(
    api: Api, ann: Customer, stages: tuple[str, ...], now: str
) -> None:
    order_id = api.place(ann.token).get_json()["id"]
    move(api.app, order_id, *stages)

    response = api.post(f"/api/orders/{order_id}/cancel", token=ann.token)

    reason = f"Too late to cancel: the order is {now} already."
    assert error_of(response) == (409, reason, {})
    order = api.get(f"/api/orders/{order_id}", ann.token).get_json()
    assert order["status"] == now
    assert "cancelled" not in [step["event"] for step in order["timeline"]]


def test_a_rejected_order_cannot_be_cancelled(api: Api, ann: Customer) -> None:
    order_id = api.place(ann.token, {"address": " ", "pizzas": []}).get_json()["id"]

    response = api.post(f"/api/orders/{order_id}/cancel", token=ann.token)

    assert error_of(response) == (409, "A rejected order cannot be cancelled.", {})


def test_an_order_still_being_checked_cannot_be_cancelled_yet(
    undecided_api: Api,
) -> None:
    ann = new_customer(undecided_api)
    order_id = undecided_api.place(ann.token).get_json()["id"]

    response = undecided_api.post(f"/api/orders/{order_id}/cancel", token=ann.token)

    assert error_of(response) == (
        409,
        "The order is still being checked: try again in a moment.",
        {},
    )


def test_a_cancellation_the_view_does_not_show_yet_is_202(lagging_api: Api) -> None:
    ann = new_customer(lagging_api)
    order_id = lagging_api.place(ann.token).get_json()["id"]

    response = lagging_api.post(f"/api/orders/{order_id}/cancel", token=ann.token)

    assert response.status_code == 202
    assert response.get_json() == {"id": order_id, "status": "cancelled"}
    assert response.headers["Location"] == f"/api/orders/{order_id}"
    with lagging_api.app.app_context():
        assert shop().kitchen.get_stage(UUID(order_id)) == "cancelled"


def test_others_orders_unknown_and_malformed_ids_are_the_same_404(
    api: Api, ann: Customer
) -> None:
    bob = new_customer(api)
    bobs_order = api.place(bob.token).get_json()["id"]

    responses = [
        api.post(f"/api/orders/{order_id}/cancel", token=ann.token)
        for order_id in (bobs_order, uuid4(), "not-an-id")
    ]

    assert [error_of(r) for r in responses] == [
        (404, "There is no such order.", {})
    ] * 3
    assert api.get(f"/api/orders/{bobs_order}", bob.token).get_json()["status"] == (
        "validated"
    )


def test_cancelling_needs_a_token(api: Api, ann: Customer) -> None:
    order_id = api.place(ann.token).get_json()["id"]

    response = api.post(f"/api/orders/{order_id}/cancel")

    assert response.status_code == 401
    assert api.get(f"/api/orders/{order_id}", ann.token).get_json()["status"] == (
        "validated"
    )


def test_the_api_shows_the_kitchens_stages_and_the_delayed_flag(
    api: Api, ann: Customer
) -> None:
    order_id = api.place(ann.token).get_json()["id"]
    move(api.app, order_id, "validated", "assembling")
    with api.app.app_context():
        Watchdog(shop().kitchen, shop().status, timedelta(0), interval=1).check()

    order = api.get(f"/api/orders/{order_id}", ann.token).get_json()
    [listed] = api.get("/api/orders", ann.token).get_json()["orders"]
    history = api.get(f"/api/orders/{order_id}/history", ann.token).get_json()

    assert (order["status"], order["delayed"]) == ("baking", True)
    assert (listed["status"], listed["delayed"]) == ("baking", True)
    assert [step["event"] for step in order["timeline"]] == [
        "requested",
        "validated",
        "assembling",
        "baking",
        "delayed",
    ]
    assert [event["what"] for event in history["events"]][2:] == [
        "assembling",
        "baking",
        "delayed",
    ]
