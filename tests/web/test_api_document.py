"""The JSON API's own document, its menu, and the errors of the web server
itself under /api. Every response here is also checked against the OpenAPI
document by ``Api`` (see api_helpers)."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
from openapi_spec_validator import validate

from tests.web.api_helpers import PIZZA, Api, Customer, error_of, path_template

# The api and ann fixtures; pytest finds them by their names once imported.
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture

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


def test_every_error_the_document_lists_has_the_error_shape(api: Api) -> None:
    errors = {
        (path, method, status): answer["content"]["application/json"]["schema"]
        for path, item in api.document["paths"].items()
        for method, operation in item.items()
        for status, answer in operation["responses"].items()
        if int(status) >= 400
    }

    assert errors
    assert {schema["$ref"] for schema in errors.values()} == {
        "#/components/schemas/Error"
    }
    assert {status for _, _, status in errors} <= {
        "400",
        "401",
        "404",
        "409",
        "413",
        "415",
        "429",
    }


# The menu


def test_the_menu_needs_no_token_and_prices_are_strings(api: Api) -> None:
    response = api.get("/api/menu")

    menu = response.get_json()
    assert response.status_code == 200
    assert menu["base_price"] == "8.00"

    def item(name: str, price: str) -> dict[str, object]:
        return {"name": name, "price": price, "available": True}

    assert item("Pepperoni", "2.00") in menu["main_toppings"]
    assert item("Green pepper", "0.75") in menu["extra_toppings"]
    assert menu["sauces"][0] == item("Tomato", "0.00")
    assert item("Gruyere", "1.00") in menu["cheeses"]
    assert menu["limits"] == {"max_pizzas": 10, "max_extra_toppings": 5}


# Errors of the web server itself, under /api


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/api/orders"),
        ("DELETE", "/api/orders/{id}"),
        ("PUT", "/api/tokens"),
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


# Bodies that are not JSON, or too large


def test_token_request_that_is_not_json_is_415(api: Api) -> None:
    response = api.client.post(
        "/api/tokens", data={"email": "a@example.com", "password": "correct horse"}
    )
    api.check_documented("POST", "/api/tokens", response)

    assert response.status_code == 415
    assert "application/json" in response.get_json()["error"]


def test_an_order_body_that_is_not_json_is_415(api: Api, ann: Customer) -> None:
    response = api.send("POST", "/api/orders", ann.token, data={"pizzas": "Tomato"})

    assert response.status_code == 415


def test_a_body_larger_than_the_limit_is_413(api: Api, ann: Customer) -> None:
    too_large = api.app.config["MAX_CONTENT_LENGTH"] + 1
    body = {"address": "x" * too_large, "pizzas": [PIZZA]}

    response = api.place(ann.token, body)

    assert response.status_code == 413
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
