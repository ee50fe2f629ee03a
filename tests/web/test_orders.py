"""Placing orders, My orders, the order page and its event stream."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest
from eventsourcing.system import SingleThreadedRunner, System
from flask import Flask
from flask.testing import FlaskClient

from pizza.accounts import Accounts
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.validation import Validation
from tests.web.conftest import MEMORY_ENV, Auth, make_app
from tests.web.helpers import (
    PEPPERONI,
    VEGGIE,
    add_pizza,
    cart_lines,
    checkout_form,
    csrf_token,
    hidden_key,
    order_id_from,
    order_pizzas,
    page,
    place,
    signup_with_csrf,
    stream_events,
    text_of,
)

HOSTILE = "<script>alert(1)</script>"


def my_order_links(client: FlaskClient) -> list[str]:
    return re.findall(r'href="/orders/([0-9a-f-]{36})"', page(client, "/orders"))


@pytest.fixture
def undecided_app() -> Iterator[Flask]:
    """The shop with validation cut off from orders: orders stay requested,
    and event streams give up quickly."""
    system = System(
        pipes=[[Accounts], [Orders, OrderStatus], [Validation, OrderStatus]]
    )
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


def test_placing_empties_the_cart(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    order_pizzas(client, PEPPERONI)

    assert cart_lines(page(client, "/menu")) == []


def test_the_same_checkout_form_sent_twice_places_one_order(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    add_pizza(client)
    form = checkout_form(key=hidden_key(page(client, "/menu")))

    first = place(client, form)
    second = place(client, form)

    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert my_order_links(client) == [order_id_from(first)]


def test_a_double_click_places_one_order(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    add_pizza(client)
    form = checkout_form()
    with client.session_transaction() as session:
        before = dict(session)

    first = place(client, form)
    with client.session_transaction() as session:  # the second click's cookie
        session.clear()
        session.update(before)
    second = place(client, form)

    assert first.headers["Location"] == second.headers["Location"]
    assert my_order_links(client) == [order_id_from(first)]


def test_an_empty_cart_cannot_be_placed(client: FlaskClient, auth: Auth) -> None:
    auth.signup()

    response = place(client)

    assert response.status_code == 400
    assert "Your order is empty: add a pizza first." in response.get_data(as_text=True)
    assert my_order_links(client) == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (checkout_form(address=""), "Enter a delivery address."),
        (
            checkout_form(address="x" * 201),
            "Field cannot be longer than 200 characters.",
        ),
        ({"address": "1 Main St"}, "This form was incomplete."),
        (checkout_form(key="1; DROP TABLE"), "This form was incomplete."),
    ],
)
def test_a_bad_checkout_form_is_refused_with_the_cart_kept(
    client: FlaskClient, auth: Auth, form: dict[str, str], message: str
) -> None:
    auth.signup()
    add_pizza(client)

    response = place(client, form)

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert len(cart_lines(html)) == 1
    assert my_order_links(client) == []


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


def test_an_order_that_cannot_be_read_is_a_400(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    with client.session_transaction() as session:
        session["cart"] = [{**PEPPERONI, "id": "abcd1234", "sauce": 5}]

    response = place(client)

    assert response.status_code == 400
    assert "pizzas[0].sauce: must be text, not int" in response.get_data(as_text=True)
    assert my_order_links(client) == []


def test_the_checkout_without_the_csrf_token_places_nothing(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    signup_with_csrf(client)
    client.post(
        "/cart", data={**PEPPERONI, "csrf_token": csrf_token(page(client, "/"))}
    )
    html = page(client, "/menu")

    refused = place(client, checkout_form(key=hidden_key(html)))
    accepted = place(
        client, {**checkout_form(key=hidden_key(html)), "csrf_token": csrf_token(html)}
    )

    assert refused.status_code == 400
    assert "did not come from this site" in refused.get_data(as_text=True)
    assert accepted.status_code == 302
    assert my_order_links(client) == [order_id_from(accepted)]


def test_a_hostile_address_is_shown_escaped(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, address=HOSTILE)

    for html in (page(client, f"/orders/{order_id}"), page(client, "/orders")):
        assert HOSTILE not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_my_orders_lists_newest_first_with_status_total_and_count(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    first = order_pizzas(client, PEPPERONI, VEGGIE)
    second = order_pizzas(client, VEGGIE, address=" ")

    html = page(client, "/orders")

    assert my_order_links(client) == [second, first]
    rows = [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]]
    assert rows[0].startswith(f"#{second[:8]}")
    assert rows[0].endswith("1 — Rejected")
    assert rows[1].endswith("1 Main St 2 £22.50 Validated")
    assert '<span class="status status-rejected">' in html


def test_my_orders_starts_empty(client: FlaskClient, auth: Auth) -> None:
    auth.signup()

    assert "You have no orders yet." in page(client, "/orders")


def test_searching_for_an_exact_order_id_opens_it(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)

    response = client.get("/orders", query_string={"q": f" {order_id.upper()} "})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/orders/{order_id}"


@pytest.mark.parametrize("query", ["pizza", "<b>1234</b>", str(uuid4())])
def test_searching_for_anything_else_finds_nothing(
    client: FlaskClient, auth: Auth, query: str
) -> None:
    auth.signup()
    order_pizzas(client)

    response = client.get("/orders", query_string={"q": query})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"No order “{query}” found among your orders." in text_of(html)
    assert "<b>1234</b>" not in html


def test_searching_never_finds_another_customers_order(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    theirs = order_pizzas(client)
    auth.logout()
    auth.signup(name="Bob")

    response = client.get("/orders", query_string={"q": theirs})

    assert response.status_code == 200
    assert f"No order “{theirs}” found" in response.get_data(as_text=True)


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


@pytest.mark.parametrize("suffix", ["", "/events"])
def test_another_customers_order_is_not_found_like_any_unknown_id(
    client: FlaskClient, auth: Auth, suffix: str
) -> None:
    auth.signup()
    theirs = order_pizzas(client)
    auth.logout()
    auth.signup(name="Bob")
    client.get("/menu")  # shows the welcome message, which is then gone

    responses = [
        client.get(f"/orders/{order_id}{suffix}")
        for order_id in (theirs, uuid4(), "not-an-id", "1" * 300)
    ]

    assert {response.status_code for response in responses} == {404}
    assert len({response.get_data() for response in responses}) == 1
    assert theirs not in my_order_links(client)


def test_the_event_stream_starts_with_the_order_as_it_is_and_ends_when_final(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, VEGGIE)

    response = client.get(f"/orders/{order_id}/events")

    body = response.get_data(as_text=True)
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    assert body.startswith("retry: ")
    assert ": keep-alive" not in body
    [event] = stream_events(body)
    assert event["status"] == "validated"
    assert event["final"] is True
    assert [pizza["price"] for pizza in event["pizzas"]] == ["£10.00", "£12.50"]
    assert event["total"] == "£22.50"
    assert [step["event"] for step in event["timeline"]] == ["requested", "validated"]
    assert [step["by"] for step in event["timeline"]] == ["Orders", "Validation"]


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
