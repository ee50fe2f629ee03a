"""Helpers for the shop's web tests: building pizzas, placing orders, working
the kitchen, reading event streams (pages are read with ``tests.web.pages``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.system import System
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from pizza.system import PizzaSystem
from tests.web.conftest import PASSWORD, Auth
from tests.web.pages import attributes, csrf_token, select_text
from webapp.services import shop

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
    hrefs = attributes(page(client, "/orders"), "table.orders a.order-link", "href")
    return [href.removeprefix("/orders/") for href in hrefs]


def my_order_rows(client: FlaskClient) -> list[str]:
    """The words of each order's row on My orders, newest first."""
    return select_text(page(client, "/orders"), "table.orders tbody tr")


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


def login_with_csrf(client: FlaskClient, email: str) -> None:
    """Logs in through the real form, CSRF token and all (the session, and
    with it the token, is new after logging in)."""
    token = csrf_token(page(client, "/login"))
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def stream_events(body: str, event: str = "order") -> list[dict[str, Any]]:
    """The data of each ``event`` in an event stream, in order."""
    return [
        json.loads(match)
        for match in re.findall(rf"^event: {event}\ndata: (.*)$", body, re.M)
    ]


def live_events(response: TestResponse, event: str) -> Iterator[dict[str, Any]]:
    """The data of each ``event`` of a stream read as the server sends it (the
    response of a request made with ``buffered=False``): the stream's code runs
    only when the next event is asked for."""
    for chunk in response.response:
        text = chunk.decode() if isinstance(chunk, bytes) else str(chunk)
        yield from stream_events(text, event)


def register_staff(app: Flask) -> str:
    """Signs a member of staff up through the shop itself; returns the email."""
    email = f"staff-{uuid4().hex[:8]}@example.com"
    with app.app_context():
        shop().accounts.register("Sam", email, PASSWORD, "", "", staff=True)
    return email


def staff_client(app: Flask) -> FlaskClient:
    """A client of its own, logged in as a new member of staff."""
    client = app.test_client()
    Auth(client).login(register_staff(app))
    return client


def move(app: Flask, order_id: str, *stages: str) -> None:
    """Moves the order on from each of ``stages`` in turn, through the kitchen's
    command, as a member of staff (or the autopilot) would."""
    with app.app_context():
        for stage in stages:
            shop().kitchen.advance(UUID(order_id), stage)


def system_where_nothing_feeds(cut_off: type[Application[Any]]) -> System:
    """The shop's system, except that ``cut_off`` follows nothing: as if its
    process were down or far behind."""
    pipes = [
        [app for app in pipe if app is not cut_off] for pipe in PizzaSystem.pipes()
    ]
    return System(pipes=[*filter(None, pipes), [cut_off]])
