"""Staff find any order from the board's search: by its number, or by the
customer's name, email or phone, with who to call about it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import PEPPERONI, order_pizzas, page, staff_client
from tests.web.pages import attributes, select, select_text, text_at, text_of


def found_ids(html: str) -> list[str]:
    return attributes(html, "table.found tbody tr", "data-order-id")


def test_staff_find_orders_by_number_name_email_and_phone(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    email = auth.signup(name="Ann Example")
    first = order_pizzas(client, PEPPERONI, PEPPERONI)
    second = order_pizzas(client)
    staff = staff_client(app)

    by_name = page(staff, "/kitchen/orders?q=ann+example")
    by_email = page(staff, f"/kitchen/orders?q={email}")
    by_phone = page(staff, "/kitchen/orders?q=7946%200000")
    by_number = page(staff, f"/kitchen/orders?q=%23{first[:8]}")

    assert found_ids(by_name) == [second, first]
    assert found_ids(by_email) == [second, first]
    assert found_ids(by_phone) == [second, first]
    assert found_ids(by_number) == [first]
    assert text_at(by_name, "#found-note") == "2 orders match “ann example”."
    assert select_text(by_number, "table.found .name") == ["Ann Example"]
    assert attributes(by_number, "table.found a.phone", "href") == [
        "tel:+44 20 7946 0000"
    ]
    assert attributes(by_number, "table.found a.email", "href") == [f"mailto:{email}"]
    assert attributes(by_number, "table.found a.ticket-id", "href") == [
        f"/orders/{first}"
    ]
    assert "2 \N{MULTIPLICATION SIGN} Pepperoni" in text_at(
        by_number, "table.found tbody tr"
    )


def test_nothing_found_says_so_and_no_query_shows_the_form(app: Flask) -> None:
    staff = staff_client(app)

    nothing = page(staff, "/kitchen/orders?q=nobody")
    empty = page(staff, "/kitchen/orders")

    assert text_at(nothing, "#found-note") == "No order “nobody” found."
    assert found_ids(nothing) == []
    assert select_text(empty, "label[for=q]") == [
        "Find an order by its number, or the customer's name, email or phone"
    ]
    assert select(empty, "#found-note") == []


def test_the_board_has_the_search_form(app: Flask) -> None:
    html = page(staff_client(app), "/kitchen")

    assert attributes(html, "form[role=search]", "action") == ["/kitchen/orders"]


def test_customers_cannot_search_all_orders(client: FlaskClient, auth: Auth) -> None:
    auth.signup()

    response = client.get("/kitchen/orders?q=a")

    assert response.status_code == 403


def test_a_hostile_query_and_name_are_shown_escaped(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    hostile = "<script>alert(1)</script>"
    auth.signup(name=f"Ann {hostile}")
    order_pizzas(client)

    html = page(staff_client(app), "/kitchen/orders?q=script")

    assert hostile not in html
    assert hostile in text_of(html)
    assert len(found_ids(html)) == 1
