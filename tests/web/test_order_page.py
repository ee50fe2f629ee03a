"""The order page and its Server-Sent Events stream: who may see an order,
what the page shows, and how the stream follows the order live."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

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
)
from tests.web.pages import (
    attribute,
    classes,
    element,
    is_hidden,
    select_text,
    status_shown,
    text_at,
    timeline_events,
    timeline_steps,
)


@pytest.fixture
def undecided_app() -> Iterator[Flask]:
    """The shop with validation cut off from orders: orders stay requested,
    and event streams give up quickly."""
    system = system_where_nothing_feeds(Validation)
    runner = SingleThreadedRunner[UUID](system, env=MEMORY_ENV)
    runner.start()
    try:
        yield make_app(
            runner,
            WTF_CSRF_ENABLED=False,
            ORDER_EVENTS_SECONDS=0.3,
            ORDER_EVENTS_KEEPALIVE_SECONDS=0.1,
        )
    finally:
        runner.stop()


def test_two_pizzas_make_a_validated_order_with_prices_and_timeline(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, VEGGIE)

    html = page(client, f"/orders/{order_id}")

    assert "Order placed." in select_text(html, ".flash")
    assert select_text(html, "#order-pizzas tr") == [
        "Pepperoni Tomato sauce, Mozzarella £10.00",
        "Mushroom Pesto sauce, Gouda, with Onion, Basil £12.50",
    ]
    assert text_at(html, "#order-total") == "£22.50"
    assert "status-validated" in classes(html, "#order-status")
    assert status_shown(html)[:2] == ("validated", "Validated")
    assert timeline_events(html) == ["requested", "validated"]
    requested, validated = timeline_steps(html)
    assert "Requested by you 2 pizzas" in requested
    assert "Validated by the shop priced at £22.50" in validated


def test_an_order_breaking_the_rules_shows_the_reasons(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, address="   ")

    html = page(client, f"/orders/{order_id}")

    assert status_shown(html)[0] == "rejected"
    assert not is_hidden(html, "#order-reasons")
    assert select_text(html, "#order-reasons li") == ["The delivery address is empty."]
    assert text_at(html, "#order-total") == "—"
    assert timeline_events(html) == ["requested", "rejected"]


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

    readings = [what_a_visitor_reads(response) for response in responses]
    assert readings[0][0] == 404
    assert readings == [readings[0]] * len(responses)
    assert theirs not in my_order_links(client)


def what_a_visitor_reads(response: TestResponse) -> tuple[int, str, tuple[str, ...]]:
    """The status, and the error page's heading and paragraphs (not the whole
    page: its header holds a CSRF token that is new each second)."""
    html = response.get_data(as_text=True)
    heading, paragraphs = text_at(html, "main h1"), select_text(html, "main p")
    return response.status_code, heading, tuple(paragraphs)


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
        "by you",
        "by the shop",
        *["by the kitchen"] * 4,
    ]
    assert event["timeline"][4]["what"] == "Out for delivery"


def test_the_order_page_shows_an_undecided_order_and_follows_it_live(
    undecided_app: Flask,
) -> None:
    client = undecided_app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client, PEPPERONI)

    html = page(client, f"/orders/{order_id}")

    assert status_shown(html)[:2] == ("requested", "Requested")
    assert text_at(html, "#order-total") == "checking…"
    assert attribute(html, "#order", "data-events-url") == f"/orders/{order_id}/events"
    assert element(html, 'script[src="/static/order.js"]').has_attr("defer")


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


def test_the_same_pizza_ordered_twice_is_one_line_with_its_quantity(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, VEGGIE, PEPPERONI)

    html = page(client, f"/orders/{order_id}")

    assert select_text(html, "#order-pizzas tr") == [
        "2 \N{MULTIPLICATION SIGN} Pepperoni Tomato sauce, Mozzarella £20.00",
        "Mushroom Pesto sauce, Gouda, with Onion, Basil £12.50",
    ]
    assert text_at(html, "#order-total") == "£32.50"
