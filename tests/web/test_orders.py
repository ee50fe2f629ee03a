"""Placing orders, and My orders: listing them and searching for one."""

from __future__ import annotations

from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from pizza.domain.menu import MAX_PIZZAS_PER_ORDER
from tests.web.conftest import Auth
from tests.web.helpers import (
    PEPPERONI,
    VEGGIE,
    add_pizza,
    checkout_form,
    my_order_links,
    my_order_rows,
    order_id_from,
    order_pizzas,
    page,
    place,
    signup_with_csrf,
)
from tests.web.pages import (
    attributes,
    cart_lines,
    csrf_token,
    hidden_key,
    select,
    select_text,
    text_at,
    text_of,
)

HOSTILE = "<script>alert(1)</script>"
INCOMPLETE = "This form was incomplete. Please reload the menu and try again."


def checkout_errors(html: str) -> list[str]:
    """The errors shown on the checkout form, for the form or its fields."""
    return select_text(html, "form.checkout .errors li")


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
    assert checkout_errors(response.get_data(as_text=True)) == [
        "Your order is empty: add a pizza first."
    ]
    assert my_order_links(client) == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (checkout_form(address=""), "Enter a delivery address."),
        (
            checkout_form(address="x" * 201),
            "Field cannot be longer than 200 characters.",
        ),
        (
            checkout_form(address="1 Main\x00St"),
            "Holds a control character (U+0000)",
        ),
        ({"address": "1 Main St"}, INCOMPLETE),
        (checkout_form(key="1; DROP TABLE"), INCOMPLETE),
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
    assert checkout_errors(html) == [message]
    assert len(cart_lines(html)) == 1
    assert my_order_links(client) == []


def test_an_order_that_cannot_be_read_is_a_400(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    with client.session_transaction() as session:
        session["cart"] = [{**PEPPERONI, "id": "abcd1234", "sauce": 5}]

    response = place(client)

    assert response.status_code == 400
    assert (
        "We could not read this order: pizzas[0].sauce: must be text, not int."
        in select_text(response.get_data(as_text=True), "main p")
    )
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
    assert "did not come from this site" in text_of(refused.get_data(as_text=True))
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
    rows = my_order_rows(client)
    assert rows[0].startswith(f"#{second[:8]}")
    assert rows[0].endswith("1 — Rejected")
    assert rows[1].endswith("1 Main St 2 £22.50 Validated")
    statuses = attributes(html, "table.orders tbody .status", "class")
    assert [set(status.split()) for status in statuses] == [
        {"status", "status-rejected"},
        {"status", "status-validated"},
    ]


def test_my_orders_starts_empty(client: FlaskClient, auth: Auth) -> None:
    auth.signup()

    html = page(client, "/orders")
    assert text_at(html, "p.empty").startswith("You have no orders yet.")
    assert select(html, "table.orders") == []


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


@pytest.mark.parametrize(
    "shown", ["{short}", "#{short}", " #{short} ", "{short_upper}"]
)
def test_searching_for_the_short_id_as_shown_opens_the_order(
    client: FlaskClient, auth: Auth, shown: str
) -> None:
    auth.signup()
    order_pizzas(client, address="9 Elm Road")
    order_id = order_pizzas(client)
    short = my_order_rows_short_id(client, order_id)
    query = shown.format(short=short, short_upper=short.upper())

    response = client.get("/orders", query_string={"q": query})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/orders/{order_id}"


def my_order_rows_short_id(client: FlaskClient, order_id: str) -> str:
    """The order's number as My orders shows it, without its ``#``."""
    html = page(client, "/orders")
    link = select(html, f'table.orders a[href="/orders/{order_id}"]')
    return link[0].get_text().strip().removeprefix("#")


def test_searching_by_words_of_the_address_or_the_pizzas_lists_the_matches(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    elm = order_pizzas(client, PEPPERONI, address="9 Elm Road")
    oak = order_pizzas(client, VEGGIE, address="4 Oak Lane")
    both = order_pizzas(client, VEGGIE, address="12 Elm Road")

    def found(query: str) -> list[str]:
        response = client.get("/orders", query_string={"q": query})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        return [
            href.rsplit("/", 1)[1]
            for href in attributes(html, "table.orders a.order-link", "href")
        ]

    assert found("elm") == [both, elm]
    assert found("MUSHROOM") == [both, oak]
    assert found("elm mushroom") == [both]
    assert found("%") == []
    html = page(client, "/orders?q=elm")
    assert "2 of your orders match “elm”." in text_of(html)


def another_customers_order(client: FlaskClient, auth: Auth) -> str:
    """An order of Ann's; then Bob is the one signed in."""
    auth.signup()
    theirs = order_pizzas(client)
    auth.logout()
    auth.signup(name="Bob")
    return theirs


def test_searching_never_finds_another_customers_order(
    client: FlaskClient, auth: Auth
) -> None:
    theirs = another_customers_order(client, auth)

    for query in (theirs, theirs[:8], "Main", "Pepperoni"):
        response = client.get("/orders", query_string={"q": query})

        assert response.status_code == 200
        assert f"No order “{query}” found" in text_of(response.get_data(as_text=True))


def test_order_again_puts_the_orders_pizzas_in_the_cart(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, PEPPERONI, VEGGIE)

    response = client.post(f"/orders/{order_id}/again")

    assert response.status_code == 302
    assert response.headers["Location"] == "/menu"
    html = page(client, "/menu")
    assert f"Added the 2 pizzas of order #{order_id[:8]}." in text_of(html)
    lines = cart_lines(html)
    assert [line.split()[0] for line in lines] == ["Pepperoni", "Mushroom"]
    assert lines[1].endswith("£12.50 Remove One more")


def test_order_again_adds_nothing_to_a_cart_it_would_overfill(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client, *[PEPPERONI] * MAX_PIZZAS_PER_ORDER)
    add_pizza(client, VEGGIE)

    client.post(f"/orders/{order_id}/again")

    html = page(client, "/menu")
    assert "Your order is full" in text_of(html)
    assert len(cart_lines(html)) == 1


def test_order_again_is_only_for_the_customers_own_orders(
    client: FlaskClient, auth: Auth
) -> None:
    theirs = another_customers_order(client, auth)

    response = client.post(f"/orders/{theirs}/again")

    assert response.status_code == 404
    assert cart_lines(page(client, "/menu")) == []
