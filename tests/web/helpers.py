"""Helpers for the shop's web tests: building pizzas, placing orders, reading
pages and event streams."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from uuid import uuid4

from eventsourcing.application import Application
from eventsourcing.system import System
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from pizza.system import PizzaSystem
from tests.web.conftest import PASSWORD

PEPPERONI = {
    "sauce": "Tomato",
    "cheese": "Mozzarella",
    "main_topping": "Pepperoni",
    "extra_toppings": [],
}  # 8.00 + 0 + 0 + 2.00 = £10.00
VEGGIE = {
    "sauce": "Pesto",
    "cheese": "Gouda",
    "main_topping": "Mushroom",
    "extra_toppings": ["Onion", "Basil"],
}  # 8.00 + 1.00 + 0.75 + 1.50 + 0.75 + 0.50 = £12.50


def add_pizza(client: FlaskClient, pizza: dict[str, Any] | None = None) -> TestResponse:
    return client.post("/cart", data=pizza or PEPPERONI)


def checkout_form(address: str = "1 Main St", key: str | None = None) -> dict[str, str]:
    return {"address": address, "idempotency_key": key or uuid4().hex}


def place(client: FlaskClient, form: dict[str, str] | None = None) -> TestResponse:
    return client.post("/orders", data=form or checkout_form())


def order_pizzas(
    client: FlaskClient, *pizzas: dict[str, Any], address: str = "1 Main St"
) -> str:
    """Adds the pizzas to the cart and places them; returns the order's id."""
    for pizza in pizzas or (PEPPERONI,):
        assert add_pizza(client, pizza).status_code == 302
    response = place(client, checkout_form(address))
    assert response.status_code == 302, response.get_data(as_text=True)
    return order_id_from(response)


def order_id_from(response: TestResponse) -> str:
    match = re.fullmatch(r"/orders/([0-9a-f-]{36})", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status
    return response.get_data(as_text=True)


def my_order_links(client: FlaskClient) -> list[str]:
    """The ids of the orders listed on My orders, in the order shown."""
    return re.findall(r'href="/orders/([0-9a-f-]{36})"', page(client, "/orders"))


def text_of(html: str) -> str:
    """The page's words, without tags, for asserting what a reader sees."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def cart_lines(html: str) -> list[str]:
    return re.findall(r'<li class="cart-line">(.*?)</li>', html, re.S)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match
    return match.group(1)


def signup_with_csrf(client: FlaskClient) -> None:
    """Signs a customer up through the real form, CSRF token and all."""
    response = client.post(
        "/signup",
        data={
            "csrf_token": csrf_token(page(client, "/signup")),
            "name": "Ann",
            "email": f"{uuid4().hex[:8]}@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "address": "1 Main St",
            "phone": "+44 20 7946 0000",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def hidden_key(html: str) -> str:
    match = re.search(r'name="idempotency_key" type="hidden" value="([^"]*)"', html)
    assert match
    return match.group(1)


def stream_events(body: str) -> list[dict[str, Any]]:
    """The data of each ``order`` event in an event stream, in order."""
    return [
        json.loads(match)
        for match in re.findall(r"^event: order\ndata: (.*)$", body, re.M)
    ]


def system_where_nothing_feeds(cut_off: type[Application[Any]]) -> System:
    """The shop's system, except that ``cut_off`` follows nothing: as if its
    process were down or far behind."""
    pipes = [
        [app for app in pipe if app is not cut_off] for pipe in PizzaSystem.pipes()
    ]
    return System(pipes=[*filter(None, pipes), [cut_off]])
