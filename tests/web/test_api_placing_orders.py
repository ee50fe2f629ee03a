"""Placing orders through the JSON API. Every response here is also checked
against the OpenAPI document by ``Api`` (see api_helpers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner

from pizza.status import OrderStatus
from tests.web.api_helpers import (
    PIZZA,
    PIZZA_PRICE,
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
from tests.web.helpers import system_where_nothing_feeds

# Placing orders


def test_an_order_is_placed_validated_and_priced(api: Api, ann: Customer) -> None:
    response = api.place(ann.token, {"pizzas": [PIZZA, PIZZA]})

    order = response.get_json()
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/orders/{order['id']}"
    assert order["status"] == "validated"
    assert order["address"] == "1 Main St"  # the customer's own
    assert [pizza["price"] for pizza in order["pizzas"]] == [PIZZA_PRICE] * 2
    assert order["total"] == "21.50"
    assert order["reasons"] == []
    assert [step["event"] for step in order["timeline"]] == ["requested", "validated"]
    assert api.get(response.headers["Location"], ann.token).get_json() == order


def test_an_order_goes_to_the_address_given(api: Api, ann: Customer) -> None:
    response = api.place(ann.token, {"address": "9 Elm Rd", "pizzas": [PIZZA]})

    assert response.get_json()["address"] == "9 Elm Rd"


def test_a_null_address_is_the_customers_own(api: Api, ann: Customer) -> None:
    response = api.place(ann.token, {"address": None, "pizzas": [PIZZA]})

    assert response.status_code == 201
    assert response.get_json()["address"] == "1 Main St"


def test_a_quantity_of_two_point_oh_is_two(api: Api, ann: Customer) -> None:
    response = api.place(ann.token, {"pizzas": [{**PIZZA, "quantity": 2.0}]})

    assert response.status_code == 201
    assert [line["quantity"] for line in response.get_json()["lines"]] == [2]


def test_a_400_names_every_field_at_fault(api: Api, ann: Customer) -> None:
    body = {
        "address": 7,
        "pizzas": [{**PIZZA, "sauce": 1}, {**PIZZA, "quantity": 0}],
        "tip": 1,
    }

    response = api.place(ann.token, body)

    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "address": "must be text, not int",
        "pizzas[0].sauce": "must be text, not int",
        "pizzas[1].quantity": "must be from 1 to 100",
        "tip": "is not a field of this request",
    }
    assert api.get("/api/orders", ann.token).get_json()["orders"] == []


def test_the_same_idempotency_key_gives_the_first_order(
    api: Api, ann: Customer
) -> None:
    first = api.place(ann.token, key="order-1")
    again = api.place(ann.token, key="order-1")
    changed = api.place(ann.token, {"pizzas": [PIZZA, PIZZA]}, key="order-1")

    assert (first.status_code, again.status_code, changed.status_code) == (
        201,
        200,
        200,
    )
    assert again.get_json() == first.get_json() == changed.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert len(api.get("/api/orders", ann.token).get_json()["orders"]) == 1


def test_keys_are_per_customer_and_other_keys_make_new_orders(
    api: Api, ann: Customer
) -> None:
    bob = new_customer(api)

    anns = [api.place(ann.token, key=key) for key in ("a", "b")]
    bobs = api.place(bob.token, key="a")

    assert [r.status_code for r in [*anns, bobs]] == [201, 201, 201]
    assert len({r.get_json()["id"] for r in [*anns, bobs]}) == 3


def test_an_order_that_breaks_the_rules_is_accepted_then_rejected(
    api: Api, ann: Customer
) -> None:
    pizza = {**PIZZA, "sauce": "Ketchup", "extra_toppings": ["Onion"] * 2}

    response = api.place(ann.token, {"address": " ", "pizzas": [pizza]})

    order = response.get_json()
    assert response.status_code == 201
    assert order["status"] == "rejected"
    assert order["total"] is None
    assert order["pizzas"][0]["price"] is None
    assert any("Ketchup" in reason for reason in order["reasons"])
    assert len(order["reasons"]) >= 3  # sauce, repeated extra, empty address


def test_a_quantity_orders_that_many_and_the_answer_has_lines(
    api: Api, ann: Customer
) -> None:
    plain = {**PIZZA, "extra_toppings": []}
    body = {"pizzas": [{**PIZZA, "quantity": 3}, plain]}

    order = api.place(ann.token, body).get_json()
    read = api.get(f"/api/orders/{order['id']}", ann.token).get_json()

    assert order["status"] == "validated"
    assert len(order["pizzas"]) == 4
    assert [(line["quantity"], line["price"]) for line in read["lines"]] == [
        (3, "32.25"),
        (1, "10.00"),
    ]
    assert read["lines"][0]["extra_toppings"] == ["Onion"]
    assert read["total"] == "42.25"


def test_more_than_the_shop_takes_is_rejected_with_the_reason(
    api: Api, ann: Customer
) -> None:
    order = api.place(ann.token, {"pizzas": [{**PIZZA, "quantity": 11}]}).get_json()

    assert order["status"] == "rejected"
    assert order["reasons"] == ["Too many pizzas: 11 (one order takes at most 10)."]
    assert order["lines"] == [{**order["lines"][0], "quantity": 11, "price": None}]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"pizzas": [{**PIZZA, "sauce": 1}]},
            {"pizzas[0].sauce": "must be text, not int"},
        ),
        (
            {"pizzas": [PIZZA, {**PIZZA, "extra_toppings": "Onion"}]},
            {"pizzas[1].extra_toppings": "must be a list of topping names"},
        ),
        (
            {"pizzas": [{"sauce": "Tomato", "cheese": "Mozzarella"}]},
            {"pizzas[0].main_topping": "is missing"},
        ),
        ({"pizzas": "two margheritas"}, {"pizzas": "must be a list of pizzas"}),
        ({"pizzas": [PIZZA], "address": 7}, {"address": "must be text, not int"}),
        (
            {"pizzas": [PIZZA], "address": "1 Main\u0000St"},
            {"address": "holds a control character (U+0000)"},
        ),
        (
            {"pizzas": [PIZZA], "address": "\ud800"},
            {"address": "holds an unpaired surrogate, which is not valid Unicode"},
        ),
        (
            {"pizzas": [{**PIZZA, "sauce": "Tom\u001bato"}]},
            {"pizzas[0].sauce": "holds a control character (U+001B)"},
        ),
        ({"address": "1 Main St"}, {"pizzas": "is missing"}),
        (
            {"pizzas": [PIZZA, {**PIZZA, "quantity": 0}]},
            {"pizzas[1].quantity": "must be from 1 to 100"},
        ),
        (
            {"pizzas": [{**PIZZA, "quantity": "2"}]},
            {"pizzas[0].quantity": "must be a whole number"},
        ),
        (
            {"pizzas": [{**PIZZA, "quantity": True}]},
            {"pizzas[0].quantity": "must be a whole number"},
        ),
        (
            {"pizzas": [{**PIZZA, "quantity": 60}, {**PIZZA, "quantity": 41}]},
            {"pizzas": "has more than 100 pizzas"},
        ),
        (
            {"pizzas": [PIZZA], "adress": "typo"},
            {"adress": "is not a field of this request"},
        ),
        ([PIZZA], {}),
        ("pizza", {}),
    ],
)
def test_orders_of_the_wrong_shape_are_400_and_store_nothing(
    api: Api, ann: Customer, body: Any, fields: dict[str, str]
) -> None:
    response = api.place(ann.token, body)

    assert response.status_code == 400
    assert response.get_json()["fields"] == fields
    assert api.get("/api/orders", ann.token).get_json()["orders"] == []


@pytest.mark.parametrize(
    "raw", [b"{", b"", b"\xff\xfe{", b'{"pizzas": NaN', b"[" * 50_000]
)
def test_bodies_that_are_not_json_are_400(api: Api, ann: Customer, raw: bytes) -> None:
    response = api.send(
        "POST",
        "/api/orders",
        ann.token,
        data=raw,
        headers={"Content-Type": "application/json"},
    )

    status, error, fields = error_of(response)
    assert (status, fields) == (400, {})
    assert error.startswith("The body is not valid JSON")


@pytest.mark.parametrize(
    ("key", "problem"), [("", "is empty"), ("k" * 201, "is longer than 200 characters")]
)
def test_bad_idempotency_keys_are_400(
    api: Api, ann: Customer, key: str, problem: str
) -> None:
    response = api.place(ann.token, key=key)

    assert response.status_code == 400
    assert response.get_json()["fields"] == {"idempotency_key": problem}


@pytest.fixture
def lagging_api() -> Iterator[Api]:
    runner = SingleThreadedRunner[UUID](
        system_where_nothing_feeds(OrderStatus), env=MEMORY_ENV
    )
    runner.start()
    try:
        app = make_app(runner, VIEW_WAIT=0)
        yield Api(app, app.test_client(), openapi_document(app))
    finally:
        runner.stop()


def test_an_order_the_view_does_not_show_yet_is_202(lagging_api: Api) -> None:
    customer = new_customer(lagging_api)

    response = lagging_api.place(customer.token)

    body = response.get_json()
    assert response.status_code == 202
    assert body["status"] == "requested"
    assert response.headers["Location"] == f"/api/orders/{body['id']}"
