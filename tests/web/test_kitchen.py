"""The kitchen's board: who may use it, what it shows, and moving orders on
(its live side is in test_kitchen_live)."""

from __future__ import annotations

from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import (
    PEPPERONI,
    VEGGIE,
    login_with_csrf,
    move,
    my_order_rows,
    order_pizzas,
    page,
    register_staff,
    staff_client,
)
from tests.web.pages import (
    attributes,
    board_columns,
    csrf_token,
    links,
    on_the_board,
    select,
    status_shown,
    text_of,
    timeline_events,
    timeline_steps,
)
from webapp.services import shop

BOARD = ["validated", "assembling", "baking", "out_for_delivery"]
HOSTILE = "<script>alert(1)</script>"
KITCHEN_LINK = ("Kitchen", "/kitchen")


def advance(staff: FlaskClient, order_id: str, from_stage: str) -> tuple[int, str]:
    """Clicks the order's button on the board; the status code, and the words
    of the page the browser ends up on."""
    response = staff.post(
        f"/kitchen/orders/{order_id}/advance", data={"from_stage": from_stage}
    )
    if response.status_code == 302:
        assert response.headers["Location"] == "/kitchen"
        return 302, text_of(page(staff, "/kitchen"))
    return response.status_code, text_of(response.get_data(as_text=True))


# Who may use the board


ROUTES = [
    ("GET", "/kitchen"),
    ("GET", "/kitchen/events"),
    ("POST", f"/kitchen/orders/{uuid4()}/advance"),
    ("POST", f"/kitchen/orders/{uuid4()}/cancel"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(
    client: FlaskClient, method: str, path: str
) -> None:
    response = client.open(path, method=method, data={"from_stage": "validated"})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_customers_who_are_not_staff_are_forbidden(
    client: FlaskClient, auth: Auth, method: str, path: str
) -> None:
    auth.signup()

    response = client.open(path, method=method, data={"from_stage": "validated"})

    assert response.status_code == 403
    assert "The kitchen's board is for staff only." in text_of(
        response.get_data(as_text=True)
    )
    assert all(href != "/kitchen" for _, href in links(page(client, "/menu")))


def test_staff_see_the_board_and_a_link_to_it(app: Flask) -> None:
    staff = staff_client(app)

    html = page(staff, "/kitchen")

    assert KITCHEN_LINK in links(html)
    assert list(board_columns(html)) == BOARD
    assert "New 0 No orders. Assembling 0 No orders." in text_of(html)
    assert KITCHEN_LINK in links(page(staff, "/menu"))


# What the board shows


def test_columns_show_orders_by_stage_oldest_first(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    first, second, third, fourth = (order_pizzas(client) for _ in range(4))
    rejected = order_pizzas(client, address=" ")
    move(app, second, "validated", "assembling")
    move(app, fourth, "validated", "assembling")

    html = page(staff_client(app), "/kitchen")

    assert board_columns(html) == {
        "validated": [first, third],
        "assembling": [],
        "baking": [second, fourth],
        "out_for_delivery": [],
    }
    assert rejected not in on_the_board(html)


def test_a_card_shows_the_order_its_age_pizzas_customer_and_address(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup(name="Ann Smith")
    order_id = order_pizzas(client, PEPPERONI, VEGGIE, PEPPERONI, address="9 Elm Rd")

    html = page(staff_client(app), "/kitchen")

    assert (
        f"New 1 #{order_id[:8]} just now "
        "2 \N{MULTIPLICATION SIGN} Pepperoni: Tomato sauce, Mozzarella "
        "Mushroom: Pesto sauce, Gouda, with Onion, Basil "
        "Ann Smith +44 20 7946 0000 "
        f"9 Elm Rd Move to Assembling (order #{order_id[:8]})"
    ) in text_of(html)
    assert attributes(html, ".ticket a.phone", "href") == ["tel:+44 20 7946 0000"]
    words = text_of(html)
    assert "Assembling 0 No orders." in words


def test_an_order_placed_without_an_account_shows_no_customer(app: Flask) -> None:
    with app.app_context():
        walk_in = shop().orders.place_order("walk-in", "1 Main St", [PEPPERONI])
        shop().status.wait_for_order(walk_in, ("validated",))

    html = page(staff_client(app), "/kitchen")

    assert str(walk_in) in on_the_board(html)
    assert select(html, ".ticket .customer") == []


def test_a_hostile_address_is_shown_escaped(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_pizzas(client, address=HOSTILE)

    html = page(staff_client(app), "/kitchen")

    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Moving orders on


def test_staff_move_an_order_through_every_stage_and_the_customer_sees_each(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    staff = staff_client(app)
    moves = [
        ("validated", "assembling", "Assembling"),
        ("assembling", "baking", "Baking"),
        ("baking", "out_for_delivery", "Out for delivery"),
        ("out_for_delivery", "delivered", "Delivered"),
    ]
    notes = []

    for from_stage, stage, label in moves:
        status, board = advance(staff, order_id, from_stage)
        html = page(client, f"/orders/{order_id}")
        assert status == 302
        assert f"Moved order #{order_id[:8]} to {label}." in board
        shown, shown_label, note = status_shown(html)
        assert (shown, shown_label) == (stage, label)
        notes.append(note)
        assert my_order_rows(client)[0].endswith(f"£10.00 {label}")

    assert notes == [
        "The kitchen is putting your pizzas together.",
        "Your pizzas are in the oven.",
        "Your pizzas are on their way to you.",
        "Your pizzas were delivered. Enjoy!",
    ]

    assert timeline_events(html) == [
        "requested",
        "validated",
        "assembling",
        "baking",
        "out_for_delivery",
        "delivered",
    ]
    assert "Delivered by the kitchen delivered: enjoy!" in timeline_steps(html)[-1]
    assert order_id not in on_the_board(page(staff, "/kitchen"))


def test_the_same_move_twice_moves_the_order_once(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    first_staff, second_staff = staff_client(app), staff_client(app)

    first = advance(first_staff, order_id, "validated")
    second = advance(second_staff, order_id, "validated")

    html = page(client, f"/orders/{order_id}")
    assert first[0] == 302
    assert second[0] == 409
    assert "Already moved: the order is assembling now." in second[1]
    assert timeline_events(html).count("assembling") == 1
    assert status_shown(html)[0] == "assembling"
    assert board_columns(page(second_staff, "/kitchen"))["assembling"] == [order_id]


@pytest.mark.parametrize("from_stage", ["", "delivered", "cancelled", "<b>x</b>"])
def test_a_move_from_no_stage_of_the_board_is_400(
    app: Flask, client: FlaskClient, auth: Auth, from_stage: str
) -> None:
    auth.signup()
    order_id = order_pizzas(client)

    status, words = advance(staff_client(app), order_id, from_stage)

    assert status == 400
    assert "This form was incomplete. Please reload the board" in words
    assert status_shown(page(client, f"/orders/{order_id}"))[0] == "validated"


def test_moving_an_order_the_kitchen_does_not_have(app: Flask) -> None:
    staff = staff_client(app)

    unknown = advance(staff, str(uuid4()), "validated")
    malformed = advance(staff, "not-an-id", "validated")

    assert unknown[0] == 409
    assert "The kitchen has no such order" in unknown[1]
    assert malformed[0] == 404


def test_a_move_without_the_csrf_token_is_refused(csrf_app: Flask) -> None:
    with csrf_app.app_context():
        order_id = str(
            shop().orders.place_order(
                customer_id="c-1", address="1 Main St", pizzas=[PEPPERONI]
            )
        )
    staff = csrf_app.test_client()
    login_with_csrf(staff, register_staff(csrf_app))
    token = csrf_token(page(staff, "/menu"))
    path = f"/kitchen/orders/{order_id}/advance"

    refused = staff.post(path, data={"from_stage": "validated"})
    accepted = staff.post(path, data={"from_stage": "validated", "csrf_token": token})

    assert refused.status_code == 400
    assert "did not come from this site" in text_of(refused.get_data(as_text=True))
    assert accepted.status_code == 302
    assert board_columns(page(staff, "/kitchen"))["assembling"] == [order_id]
