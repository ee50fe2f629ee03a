"""The JSON API under /api. Every response here is also checked against the
OpenAPI document by ``Api`` (see api_helpers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner, System
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from openapi_spec_validator import validate

from pizza.accounts import Accounts
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation
from tests.web.api_helpers import (
    PIZZA,
    PIZZA_PRICE,
    Api,
    openapi_document,
    path_template,
    register,
)
from tests.web.conftest import MEMORY_ENV, Auth, make_app

ORDER_ROUTES = [
    ("GET", "/api/orders"),
    ("POST", "/api/orders"),
    ("GET", "/api/orders/{id}"),
    ("GET", "/api/orders/{id}/history"),
]


@dataclass
class Customer:
    id: str
    email: str
    token: str


@pytest.fixture
def api(csrf_app: Flask) -> Api:
    """The API as it runs for real, CSRF checks on (it is exempt from them)."""
    return Api(csrf_app, csrf_app.test_client(), openapi_document())


def new_customer(api: Api, address: str = "1 Main St") -> Customer:
    email = f"{uuid4().hex[:8]}@example.com"
    customer_id = register(api.app, email, address=address)
    return Customer(customer_id, email, api.token(email))


@pytest.fixture
def ann(api: Api) -> Customer:
    return new_customer(api, address="1 Main St")


def error_of(response: Any) -> tuple[int, str, dict[str, str]]:
    body = response.get_json()
    return response.status_code, body["error"], body["fields"]


# The document


def test_the_openapi_document_is_served_and_valid(api: Api) -> None:
    response = api.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    validate(response.get_json())
    assert response.get_json() == api.document


def test_every_api_route_is_documented_and_nothing_else(api: Api) -> None:
    routes = {
        (path_template(rule.rule), method.lower())
        for rule in api.app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }
    documented = {
        (path, method)
        for path, item in api.document["paths"].items()
        for method in item
        if method != "parameters"
    }

    assert routes == documented


def test_the_document_describes_the_bearer_scheme_and_idempotency_key(
    api: Api,
) -> None:
    document = api.document
    place = document["paths"]["/api/orders"]["post"]
    key = api.resolve(place["parameters"][0])

    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert document["security"] == [{"bearerAuth": []}]
    assert (key["name"], key["in"], key["schema"]["maxLength"]) == (
        "Idempotency-Key",
        "header",
        200,
    )
    assert {"200", "201", "400", "401", "413", "415"} <= place["responses"].keys()


# The menu


def test_the_menu_needs_no_token_and_prices_are_strings(api: Api) -> None:
    response = api.get("/api/menu")

    menu = response.get_json()
    assert response.status_code == 200
    assert menu["base_price"] == "8.00"
    assert {"name": "Pepperoni", "price": "2.00"} in menu["main_toppings"]
    assert {"name": "Green pepper", "price": "0.75"} in menu["extra_toppings"]
    assert menu["sauces"][0] == {"name": "Tomato", "price": "0.00"}
    assert {"name": "Gruyere", "price": "1.00"} in menu["cheeses"]
    assert menu["limits"] == {"max_pizzas": 10, "max_extra_toppings": 5}


# Tokens


def test_a_token_for_the_right_email_and_password(api: Api) -> None:
    email = f"{uuid4().hex[:8]}@example.com"
    register(api.app, email)

    response = api.post(
        "/api/tokens", {"email": email.upper(), "password": "correct horse"}
    )

    body = response.get_json()
    assert response.status_code == 201
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == api.app.config["API_TOKEN_MAX_AGE"]
    assert response.headers["Cache-Control"] == "no-store"
    assert api.get("/api/orders", body["token"]).status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("ann@example.com", "wrong password"), ("nobody@example.com", "correct horse")],
)
def test_wrong_email_or_password_is_401(api: Api, email: str, password: str) -> None:
    register(api.app, "ann@example.com")

    response = api.post("/api/tokens", {"email": email, "password": password})

    assert error_of(response) == (401, "Wrong email or password.", {})
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"email": "is required", "password": "is required"}),
        (
            {"email": "a@example.com", "password": 12345678},
            {"password": "must be text"},
        ),
        (
            {"email": "", "password": "x" * 201},
            {"email": "is empty", "password": "is longer than 200 characters"},
        ),
        (
            {"email": "a@example.com", "password": "x", "otp": 1},
            {"otp": "is not a field of this request"},
        ),
    ],
)
def test_token_requests_of_the_wrong_shape_are_400(
    api: Api, body: dict[str, Any], fields: dict[str, str]
) -> None:
    response = api.post("/api/tokens", body)

    assert response.status_code == 400
    assert response.get_json()["fields"] == fields


def test_token_request_that_is_not_json_is_415(api: Api) -> None:
    response = api.client.post(
        "/api/tokens", data={"email": "a@example.com", "password": "correct horse"}
    )
    api.check_documented("POST", "/api/tokens", response)

    assert response.status_code == 415
    assert "application/json" in response.get_json()["error"]


# Bearer authentication


@pytest.mark.parametrize(("method", "path"), ORDER_ROUTES)
def test_order_routes_need_a_token(api: Api, method: str, path: str) -> None:
    response = api.send(method, path.format(id=uuid4()), None, json={})

    status, error, _ = error_of(response)
    assert (status, response.headers["WWW-Authenticate"]) == (
        401,
        'Bearer realm="pizza"',
    )
    assert "needs a bearer token" in error


def test_a_signed_in_browser_session_is_not_a_token(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()

    response = client.get("/api/orders")

    assert response.status_code == 401
    assert response.get_json()["error"].startswith("This needs a bearer token")


@pytest.mark.parametrize(
    ("authorization", "problem"),
    [
        ("Basic YW5uOnNlY3JldA==", "must be 'Bearer <token>'"),
        ("Bearer", "must be 'Bearer <token>'"),
        ("Bearer one two", "must be 'Bearer <token>'"),
        ("Bearer not-a-token", "is not valid"),
    ],
)
def test_malformed_or_forged_tokens_are_401(
    api: Api, authorization: str, problem: str
) -> None:
    response = api.client.get("/api/orders", headers={"Authorization": authorization})
    api.check_documented("GET", "/api/orders", response)

    assert response.status_code == 401
    assert problem in response.get_json()["error"]
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="pizza", error="invalid_token"'
    )


def test_a_token_signed_with_another_key_is_401(
    api: Api, ann: Customer, runner: SingleThreadedRunner[UUID]
) -> None:
    other_shop = make_app(runner, SECRET_KEY="another key")

    response = other_shop.test_client().get(
        "/api/orders", headers={"Authorization": f"Bearer {ann.token}"}
    )

    assert response.status_code == 401
    assert "is not valid" in response.get_json()["error"]


def test_an_expired_token_is_401(
    api: Api, ann: Customer, runner: SingleThreadedRunner[UUID]
) -> None:
    strict_shop = make_app(runner, API_TOKEN_MAX_AGE=-1)

    response = strict_shop.test_client().get(
        "/api/orders", headers={"Authorization": f"Bearer {ann.token}"}
    )

    assert response.status_code == 401
    assert "expired" in response.get_json()["error"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_token_of_a_customer_who_does_not_exist_is_401(api: Api) -> None:
    signer = URLSafeTimedSerializer("test", salt="pizza-api-token")
    token = str(signer.dumps(str(uuid4())))

    response = api.get("/api/orders", token)

    assert error_of(response) == (401, "The token's customer does not exist.", {})


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
        ({"address": "1 Main St"}, {"pizzas": "is missing"}),
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


def test_an_order_body_that_is_not_json_is_415(api: Api, ann: Customer) -> None:
    response = api.send("POST", "/api/orders", ann.token, data={"pizzas": "Tomato"})

    assert response.status_code == 415


def test_a_body_larger_than_the_limit_is_413(api: Api, ann: Customer) -> None:
    too_large = api.app.config["MAX_CONTENT_LENGTH"] + 1
    body = {"address": "x" * too_large, "pizzas": [PIZZA]}

    response = api.place(ann.token, body)

    assert response.status_code == 413
    assert response.get_json()["fields"] == {}


class SystemWithALaggingView(System):
    """The shop's applications, but the view follows nothing: as if its
    process were far behind."""

    def __init__(self) -> None:
        super().__init__(pipes=[[Accounts], [Orders, Validation], [OrderStatus]])


@pytest.fixture
def lagging_api() -> Iterator[Api]:
    runner = SingleThreadedRunner[UUID](SystemWithALaggingView(), env=MEMORY_ENV)
    runner.start()
    app = make_app(runner, API_ORDER_WAIT=0)
    yield Api(app, app.test_client(), openapi_document())
    runner.stop()


def test_an_order_the_view_does_not_show_yet_is_202(lagging_api: Api) -> None:
    customer = new_customer(lagging_api)

    response = lagging_api.place(customer.token)

    body = response.get_json()
    assert response.status_code == 202
    assert body["status"] == "requested"
    assert response.headers["Location"] == f"/api/orders/{body['id']}"


# Reading orders


def test_my_orders_newest_first_and_only_mine(api: Api, ann: Customer) -> None:
    bob = new_customer(api)
    api.place(bob.token)
    placed = [api.place(ann.token).get_json()["id"] for _ in range(3)]

    orders = api.get("/api/orders", ann.token).get_json()["orders"]
    newest = api.get("/api/orders?limit=1", ann.token).get_json()["orders"]

    assert [order["id"] for order in orders] == placed[::-1]
    assert [order["id"] for order in newest] == placed[-1:]
    assert orders[0]["total"] == PIZZA_PRICE
    assert "timeline" not in orders[0]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "1.5", "ten", "", "²", "9" * 5000])
def test_a_bad_limit_is_400(api: Api, ann: Customer, limit: str) -> None:
    response = api.get(f"/api/orders?limit={limit}", ann.token)

    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "limit": "must be a whole number from 1 to 100"
    }


def test_order_times_are_iso_8601_with_a_timezone(api: Api, ann: Customer) -> None:
    order = api.place(ann.token).get_json()

    times = [order["requested_at"], order["updated_at"]]
    times += [step["at"] for step in order["timeline"]]
    assert all(datetime.fromisoformat(at).utcoffset() is not None for at in times)


def test_the_history_comes_from_the_event_log(api: Api, ann: Customer) -> None:
    order = api.place(ann.token).get_json()

    response = api.get(f"/api/orders/{order['id']}/history", ann.token)

    history = response.get_json()
    assert response.status_code == 200
    assert history["order_id"] == order["id"]
    assert [(e["application"], e["what"]) for e in history["events"]] == [
        ("Orders", "requested"),
        ("Validation", "validated"),
    ]
    assert history["events"][1]["detail"] == f"priced at {PIZZA_PRICE}"


@pytest.mark.parametrize("suffix", ["", "/history"])
def test_others_orders_unknown_and_malformed_ids_are_the_same_404(
    api: Api, ann: Customer, suffix: str
) -> None:
    bob = new_customer(api)
    bobs_order = api.place(bob.token).get_json()["id"]

    responses = [
        api.get(f"/api/orders/{order_id}{suffix}", ann.token)
        for order_id in (bobs_order, uuid4(), "not-an-id", "%3Cscript%3E")
    ]

    assert [error_of(r) for r in responses] == [
        (404, "There is no such order.", {})
    ] * 4
    assert len({response.get_data() for response in responses}) == 1
    assert api.get(f"/api/orders/{bobs_order}{suffix}", bob.token).status_code == 200


# Errors of the web server itself, under /api


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/orders"),
        ("DELETE", "/api/orders/{id}"),
        ("GET", "/api/tokens"),
        ("POST", "/api/menu"),
    ],
)
def test_wrong_methods_are_405_in_json(
    api: Api, ann: Customer, method: str, path: str
) -> None:
    response = api.send(method, path.format(id=uuid4()), ann.token)

    status, error, fields = error_of(response)
    assert (status, fields) == (405, {})
    assert "not allowed" in error
    assert method not in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api/nothing", "/api/orders/1/2/3", "/api/"])
def test_unknown_api_routes_are_404_in_json(api: Api, ann: Customer, path: str) -> None:
    response = api.get(path, ann.token)

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json()["fields"] == {}


# Hostile input and the browser


def test_hostile_strings_come_back_as_data(api: Api, ann: Customer) -> None:
    hostile = '<script>alert("x")</script>\u2028'
    pizza = {**PIZZA, "sauce": hostile, "extra_toppings": [hostile]}

    response = api.place(ann.token, {"address": hostile, "pizzas": [pizza]})

    order = response.get_json()
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (order["address"], order["pizzas"][0]["sauce"]) == (hostile, hostile)
    assert json.dumps(hostile)[1:-1] in response.get_data(as_text=True)
    assert any(hostile in reason for reason in order["reasons"])


def test_the_api_sets_no_cookies(api: Api, ann: Customer) -> None:
    responses = [
        api.get("/api/menu"),
        api.post("/api/tokens", {"email": ann.email, "password": "correct horse"}),
        api.place(ann.token),
        api.get("/api/orders", ann.token),
    ]

    assert all("Set-Cookie" not in response.headers for response in responses)
