"""What the JSON API tests share.

``Api`` is a client that checks every answer against the OpenAPI document: a
status code the document does not list for the operation, a body that does not
match its schema, or a missing documented header fails the test. There are
helpers that sign customers up and get them tokens, and the ``api`` and ``ann``
fixtures, which a test module imports to use (as ``api_fixture`` and
``ann_fixture``; pytest knows them by their ``name``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_schema_validator import OAS31Validator
from werkzeug.exceptions import HTTPException
from werkzeug.test import TestResponse

from tests.web.conftest import PASSWORD
from webapp.services import shop

PIZZA = {
    "sauce": "Tomato",
    "cheese": "Mozzarella",
    "main_topping": "Pepperoni",
    "extra_toppings": ["Onion"],
}
PIZZA_PRICE = "10.75"  # 8.00 base + 2.00 pepperoni + 0.75 onion


def openapi_document(app: Flask) -> dict[str, Any]:
    """The document the app serves, generated from the API's models."""
    document: dict[str, Any] = app.test_client().get("/api/openapi.json").get_json()
    return document


def path_template(flask_rule: str) -> str:
    """``/api/orders/<order_id>`` as OpenAPI writes it: ``/api/orders/{order_id}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", flask_rule)


@dataclass
class Api:
    """Sends JSON API requests, optionally with a bearer token."""

    app: Flask
    client: FlaskClient
    document: dict[str, Any]

    def get(self, path: str, token: str | None = None) -> TestResponse:
        return self.send("GET", path, token)

    def post(
        self,
        path: str,
        body: Any = None,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> TestResponse:
        return self.send("POST", path, token, json=body, headers=headers or {})

    def send(
        self, method: str, path: str, token: str | None, **options: Any
    ) -> TestResponse:
        headers = dict(options.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = self.client.open(path, method=method, headers=headers, **options)
        self.check_documented(method, path, response)
        return response

    def check_documented(self, method: str, path: str, response: TestResponse) -> None:
        """The response is one the document promises for this operation.

        Routing errors (an unknown path, a method a path lacks) belong to no
        operation; the document describes them in its introduction. The
        document itself and its pages are not operations of the API.
        """
        adapter = self.app.url_map.bind("localhost")
        try:
            rule, _ = adapter.match(urlsplit(path).path, method, return_rule=True)
        except HTTPException:
            return
        if not rule.endpoint.startswith("api."):
            return
        operation = self.document["paths"][path_template(rule.rule)][method.lower()]
        status = str(response.status_code)
        assert status in operation["responses"], f"{method} {path} gave {status}"
        promised = self.resolve(operation["responses"][status])
        for header in promised.get("headers", {}):
            assert header in response.headers, f"{header} missing from {status}"
        if "content" not in promised:
            assert response.get_data() == b"", f"{status} promises no body"
            return
        schema = promised["content"]["application/json"]["schema"]
        assert response.mimetype == "application/json"
        validator = OAS31Validator(
            {**schema, "components": self.document["components"]},
            format_checker=OAS31Validator.FORMAT_CHECKER,
        )
        validator.validate(response.get_json())

    def resolve(self, item: dict[str, Any]) -> dict[str, Any]:
        if "$ref" not in item:
            return item
        _, kind, name = item["$ref"].removeprefix("#/").split("/")  # components/...
        resolved: dict[str, Any] = self.document["components"][kind][name]
        return resolved

    def token(self, email: str, password: str = PASSWORD) -> str:
        response = self.post("/api/tokens", {"email": email, "password": password})
        assert response.status_code == 201, response.get_json()
        token: str = response.get_json()["token"]
        return token

    def place(
        self, token: str, body: Any = None, key: str | None = None
    ) -> TestResponse:
        """Places an order (one pizza unless ``body`` says otherwise)."""
        body = {"pizzas": [PIZZA]} if body is None else body
        headers = {} if key is None else {"Idempotency-Key": key}
        return self.post("/api/orders", body, token, headers)


def register(
    app: Flask, email: str, address: str = "1 Main St", name: str = "Ann"
) -> str:
    """Signs a customer up through the shop itself; returns their id."""
    with app.app_context():
        customer_id = shop().accounts.register(
            name=name,
            email=email,
            password=PASSWORD,
            address=address,
            phone="+44 20 7946 0000",
        )
    return str(customer_id)


@dataclass
class Customer:
    id: str
    email: str
    token: str


def new_customer(api: Api, address: str = "1 Main St") -> Customer:
    email = f"{uuid4().hex[:8]}@example.com"
    customer_id = register(api.app, email, address=address)
    return Customer(customer_id, email, api.token(email))


def error_of(response: Any) -> tuple[int, str, dict[str, str]]:
    body = response.get_json()
    return response.status_code, body["error"], body["fields"]


@pytest.fixture(name="api")
def api_fixture(csrf_app: Flask) -> Api:
    """The API as it runs for real, CSRF checks on (it is exempt from them)."""
    return Api(csrf_app, csrf_app.test_client(), openapi_document(csrf_app))


@pytest.fixture(name="ann")
def ann_fixture(api: Api) -> Customer:
    return new_customer(api, address="1 Main St")
