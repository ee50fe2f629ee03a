"""Staff cancelling (or, before the kitchen starts, refusing) an order from the
board, with a reason the customer reads on their order page and in the API."""

from __future__ import annotations

from uuid import uuid4

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import Auth
from tests.web.helpers import move, my_order_rows, order_pizzas, page, staff_client
from tests.web.pages import (
    board_columns,
    on_the_board,
    select_text,
    status_shown,
    text_of,
    timeline_steps,
)

NO_DOUGH = "We have run out of dough, sorry."


def stop(
    staff: FlaskClient, order_id: str, from_stage: str, reason: str
) -> tuple[int, str]:
    """Sends the ticket's cancel form; the status code, and the words of the
    page the browser ends up on."""
    response = staff.post(
        f"/kitchen/orders/{order_id}/cancel",
        data={"from_stage": from_stage, "reason": reason},
    )
    if response.status_code == 302:
        assert response.headers["Location"] == "/kitchen"
        return 302, text_of(page(staff, "/kitchen"))
    return response.status_code, text_of(response.get_data(as_text=True))


def test_each_ticket_offers_to_refuse_when_new_and_to_cancel_later(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    new, started = order_pizzas(client), order_pizzas(client)
    move(app, started, "validated", "assembling")

    html = page(staff_client(app), "/kitchen")

    summaries = select_text(html, ".ticket details.stop summary")
    assert sorted(summaries) == [
        f"Cancel… (order #{started[:8]})",
        f"Refuse… (order #{new[:8]})",
    ]
    assert (
        select_text(html, ".ticket details.stop label")
        == ["Why? The customer reads this."] * 2
    )
    assert "We cannot deliver to this address." in html  # a reason to pick


def test_staff_refuse_a_new_order_and_the_customer_reads_why(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    staff = staff_client(app)

    status, board = stop(staff, order_id, "validated", f"  {NO_DOUGH}  ")

    html = page(client, f"/orders/{order_id}")
    assert status == 302
    assert f"Cancelled order #{order_id[:8]}; the customer sees why." in board
    assert order_id not in on_the_board(page(staff, "/kitchen"))
    assert status_shown(html) == (
        "cancelled",
        "Cancelled",
        "Sorry, the shop had to cancel this order:",
    )
    assert select_text(html, "#order-reasons li") == [NO_DOUGH]
    assert timeline_steps(html)[-1].endswith(f"refused: {NO_DOUGH}")
    assert my_order_rows(client)[0].endswith("Cancelled")


def test_staff_cancel_an_order_the_customer_no_longer_can(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, "validated", "assembling", "baking")

    status, _ = stop(
        staff_client(app), order_id, "out_for_delivery", "Our scooter broke down."
    )

    html = page(client, f"/orders/{order_id}")
    assert status == 302
    assert status_shown(html)[0] == "cancelled"
    assert timeline_steps(html)[-1].endswith(
        "stopped while out for delivery: Our scooter broke down."
    )


def test_a_customer_cancelling_still_reads_as_their_own(
    client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)

    client.post(f"/orders/{order_id}/cancel")

    html = page(client, f"/orders/{order_id}")
    assert status_shown(html)[2] == "You cancelled this order: nothing will be made."
    assert select_text(html, "#order-reasons li") == []


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("", "Say why, in words the customer will read."),
        ("   ", "Say why, in words the customer will read."),
        ("x" * 201, "Keep the reason under 200 characters."),
        ("no\x00dough", "The reason holds a control character (U+0000)."),
    ],
)
def test_a_cancel_without_a_readable_reason_is_400_and_changes_nothing(
    app: Flask, client: FlaskClient, auth: Auth, reason: str, problem: str
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    staff = staff_client(app)

    status, words = stop(staff, order_id, "validated", reason)

    assert status == 400
    assert problem in words
    assert board_columns(page(staff, "/kitchen"))["validated"] == [order_id]
    assert status_shown(page(client, f"/orders/{order_id}"))[0] == "validated"


def test_cancelling_an_order_that_moved_meanwhile_is_409(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    staff = staff_client(app)
    move(app, order_id, "validated")

    moved = stop(staff, order_id, "validated", NO_DOUGH)
    stop(staff, order_id, "assembling", NO_DOUGH)
    again = stop(staff, order_id, "assembling", NO_DOUGH)

    assert moved[0] == 409
    assert "Already moved: the order is assembling now." in moved[1]
    assert again[0] == 409
    assert "Already moved: the order is cancelled now." in again[1]
    html = page(client, f"/orders/{order_id}")
    stops = [step for step in timeline_steps(html) if NO_DOUGH in step]
    assert len(stops) == 1
    assert select_text(html, "#order-reasons li") == [NO_DOUGH]


def test_the_reason_is_shown_escaped(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    hostile = "<script>alert(1)</script>"

    stop(staff_client(app), order_id, "validated", hostile)

    html = page(client, f"/orders/{order_id}")
    assert hostile not in html
    assert select_text(html, "#order-reasons li") == [hostile]


def test_cancel_forms_that_are_not_from_the_board(app: Flask) -> None:
    staff = staff_client(app)

    unknown = stop(staff, str(uuid4()), "validated", NO_DOUGH)
    malformed = stop(staff, "not-an-id", "validated", NO_DOUGH)
    no_stage = stop(staff, str(uuid4()), "delivered", NO_DOUGH)

    assert unknown[0] == 409
    assert "The kitchen has no such order" in unknown[1]
    assert malformed[0] == 404
    assert no_stage[0] == 400
