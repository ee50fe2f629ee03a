"""Placing orders, and My orders: listing them and searching for one."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import (
    PEPPERONI,
    VEGGIE,
    add_pizza,
    cart_lines,
    checkout_form,
    csrf_token,
    hidden_key,
    my_order_links,
    order_id_from,
    order_pizzas,
    page,
    place,
    signup_with_csrf,
    text_of,
)

HOSTILE = "<script>alert(1)</script>"


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
