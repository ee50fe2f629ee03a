"""The order page and its Server-Sent Events stream: who may see an order,
what the page shows, and how the stream follows the order live."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.validation import Validation
from tests.web.conftest import MEMORY_ENV, Auth, make_app
from tests.web.helpers import (
    PEPPERONI,
    VEGGIE,
    move,
    my_order_links,
    order_pizzas,
    page,
    stream_events,
    system_where_nothing_feeds,
    text_of,
)


@pytest.fixture
def undecided_app() -> Iterator[Flask]:
    """The shop with validation cut off from orders: orders stay requested,
    and event streams give up quickly."""
    system = system_where_nothing_feeds(Validation)
    runner = SingleThreadedRunner[UUID](system, env=MEMORY_ENV)
    runner.start()
    yield make_app(
        runner,
        WTF_CSRF_ENABLED=False,
        ORDER_EVENTS_SECONDS=0.3,
        ORDER_EVENTS_KEEPALIVE_SECONDS=0.1,
    )
    runner.stop()


def test_two_pizzas_make_a_validated_order_with_prices_and_timeline(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, VEGGIE)

    html = page(client, f"/orders/{order_id}")

    words = text_of(html)
    assert "Order placed." in words
    assert "Pepperoni Tomato sauce, Mozzarella £10.00" in words
    assert "Mushroom Pesto sauce, Gouda, with Onion, Basil £12.50" in words
    assert '<strong id="order-total">£22.50</strong>' in html
    assert 'id="order-status" class="status status-validated"' in html
    assert 'data-status="validated">Validated</span>' in html
    steps = re.findall(r'<li data-event="(\w+)">(.*?)</li>', html, re.S)
    assert [event for event, _ in steps] == ["requested", "validated"]
    assert "Requested by Orders 2 pizzas for '1 Main St'" in text_of(steps[0][1])
    assert "Validated by Validation priced at £22.50" in text_of(steps[1][1])


def test_an_order_breaking_the_rules_shows_the_reasons(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, address="   ")

    html = page(client, f"/orders/{order_id}")

    assert 'data-status="rejected"' in html
    assert "<li>The delivery address is empty.</li>" in html
    assert '<strong id="order-total">—</strong>' in html
    assert re.findall(r'<li data-event="(\w+)">', html) == ["requested", "rejected"]


@pytest.mark.parametrize("suffix", ["", "/events"])
def test_anonymous_visitors_are_sent_to_log_in(
    client: FlaskClient, auth: Auth, suffix: str
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    auth.logout()

    response = client.get(f"/orders/{order_id}{suffix}")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    ("method", "suffix"), [("GET", ""), ("GET", "/events"), ("POST", "/cancel")]
)
def test_another_customers_order_is_not_found_like_any_unknown_id(
    client: FlaskClient, auth: Auth, method: str, suffix: str
) -> None:
    auth.signup()
    theirs = order_pizzas(client)
    auth.logout()
    auth.signup(name="Bob")
    client.get("/menu")  # shows the welcome message, which is then gone

    responses = [
        client.open(f"/orders/{order_id}{suffix}", method=method)
        for order_id in (theirs, uuid4(), "not-an-id", "1" * 300)
    ]

    assert {response.status_code for response in responses} == {404}
    assert len({response.get_data() for response in responses}) == 1
    assert theirs not in my_order_links(client)


def test_the_event_stream_starts_with_the_order_as_it_is_and_ends_when_final(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, VEGGIE)
    move(app, order_id, "validated", "assembling", "baking", "out_for_delivery")

    response = client.get(f"/orders/{order_id}/events")

    body = response.get_data(as_text=True)
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    assert body.startswith("retry: ")
    assert ": keep-alive" not in body
    [event] = stream_events(body)
    assert (event["status"], event["status_label"]) == ("delivered", "Delivered")
    assert event["status_note"] == "Your pizzas were delivered. Enjoy!"
    assert event["final"] is True
    assert (event["cancellable"], event["delayed"]) == (False, False)
    assert [pizza["price"] for pizza in event["pizzas"]] == ["£10.00", "£12.50"]
    assert event["total"] == "£22.50"
    assert [step["event"] for step in event["timeline"]] == [
        "requested",
        "validated",
        "assembling",
        "baking",
        "out_for_delivery",
        "delivered",
    ]
    assert [step["by"] for step in event["timeline"]] == [
        "Orders",
        "Validation",
        *["Kitchen"] * 4,
    ]
    assert event["timeline"][4]["what"] == "Out for delivery"


def test_the_order_page_shows_an_undecided_order_and_follows_it_live(
    undecided_app: Flask,
) -> None:
    client = undecided_app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client, PEPPERONI)

    html = page(client, f"/orders/{order_id}")

    assert 'data-status="requested">Requested</span>' in html
    assert '<strong id="order-total">checking…</strong>' in html
    assert f'data-events-url="/orders/{order_id}/events"' in html
    assert '<script src="/static/order.js" defer></script>' in html


def test_the_event_stream_of_an_undecided_order_keeps_alive_then_ends(
    undecided_app: Flask,
) -> None:
    client = undecided_app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client, PEPPERONI)

    body = client.get(f"/orders/{order_id}/events").get_data(as_text=True)

    [event] = stream_events(body)
    assert event["status"] == "requested"
    assert event["final"] is False
    assert [step["event"] for step in event["timeline"]] == ["requested"]
    assert body.endswith(": keep-alive\n\n")


def test_the_order_script_builds_nodes_from_text_only(app: Flask) -> None:
    script = app.test_client().get("/static/order.js").get_data(as_text=True)

    assert "textContent" in script
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
