"""Customers cancel their orders on the order page, until baking starts."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.validation import Validation
from tests.web.conftest import MEMORY_ENV, Auth, make_app
from tests.web.helpers import (
    PEPPERONI,
    checkout_form,
    move,
    my_order_rows,
    order_pizzas,
    page,
    place,
    signup_with_csrf,
    staff_client,
    system_where_nothing_feeds,
)
from tests.web.pages import (
    attribute,
    board_columns,
    csrf_token,
    hidden_key,
    offers_to_cancel,
    on_the_board,
    status_shown,
    text_of,
    timeline_events,
    timeline_steps,
)

CANCELLED = "Your order is cancelled."


def cancel(client: FlaskClient, order_id: str) -> tuple[int, str]:
    """Clicks "Cancel order"; the status code, and the words of the page the
    browser ends up on."""
    response = client.post(f"/orders/{order_id}/cancel")
    if response.status_code == 302:
        assert response.headers["Location"] == f"/orders/{order_id}"
        return 302, text_of(page(client, f"/orders/{order_id}"))
    return response.status_code, text_of(response.get_data(as_text=True))


@pytest.fixture
def undecided_app() -> Iterator[Flask]:
    """The shop with validation cut off from orders: orders stay requested."""
    runner = SingleThreadedRunner[UUID](
        system_where_nothing_feeds(Validation), env=MEMORY_ENV
    )
    runner.start()
    try:
        yield make_app(runner, WTF_CSRF_ENABLED=False)
    finally:
        runner.stop()


@pytest.mark.parametrize("stages", [(), ("validated",)], ids=["new", "assembling"])
def test_an_order_is_cancelled_until_baking_starts(
    app: Flask, client: FlaskClient, auth: Auth, stages: tuple[str, ...]
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, *stages)
    assert offers_to_cancel(page(client, f"/orders/{order_id}"))

    status, words = cancel(client, order_id)

    html = page(client, f"/orders/{order_id}")
    assert status == 302
    assert CANCELLED in words
    assert status_shown(html) == (
        "cancelled",
        "Cancelled",
        "You cancelled this order: nothing will be made.",
    )
    assert timeline_events(html)[-1] == "cancelled"
    assert (
        "Cancelled by the kitchen cancelled at the customer's request"
        in timeline_steps(html)[-1]
    )
    assert not offers_to_cancel(html)
    assert my_order_rows(client)[0].endswith("£10.00 Cancelled")
    assert order_id not in on_the_board(page(staff_client(app), "/kitchen"))


def test_cancelling_twice_is_harmless(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)

    first = cancel(client, order_id)
    second = cancel(client, order_id)

    assert first[0] == second[0] == 302
    assert CANCELLED in second[1]
    assert timeline_events(page(client, f"/orders/{order_id}")).count("cancelled") == 1


@pytest.mark.parametrize(
    ("stages", "reason"),
    [
        (
            ("validated", "assembling"),
            "Too late to cancel: the order is baking already.",
        ),
        (
            ("validated", "assembling", "baking"),
            "Too late to cancel: the order is out for delivery already.",
        ),
        (
            ("validated", "assembling", "baking", "out_for_delivery"),
            "Too late to cancel: the order is delivered already.",
        ),
    ],
    ids=["baking", "out_for_delivery", "delivered"],
)
def test_once_baking_has_started_the_order_cannot_be_cancelled(
    app: Flask, client: FlaskClient, auth: Auth, stages: tuple[str, ...], reason: str
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, *stages)
    html = page(client, f"/orders/{order_id}")
    assert not offers_to_cancel(html)

    status, words = cancel(client, order_id)

    assert status == 409
    assert reason in words
    assert status_shown(page(client, f"/orders/{order_id}")) == status_shown(html)
    assert "cancelled" not in timeline_events(html)


def test_a_baking_order_stays_on_the_board_after_a_refused_cancel(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, "validated", "assembling")

    cancel(client, order_id)

    assert board_columns(page(staff_client(app), "/kitchen"))["baking"] == [order_id]


def test_an_order_still_being_checked_cannot_be_cancelled_yet(
    undecided_app: Flask,
) -> None:
    client = undecided_app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client)
    assert offers_to_cancel(page(client, f"/orders/{order_id}"))

    status, words = cancel(client, order_id)

    assert status == 409
    assert "The order is still being checked: try again in a moment." in words
    assert status_shown(page(client, f"/orders/{order_id}"))[0] == "requested"


def test_a_rejected_order_cannot_be_cancelled(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    order_id = order_pizzas(client, address=" ")
    assert not offers_to_cancel(page(client, f"/orders/{order_id}"))

    status, words = cancel(client, order_id)

    assert status == 409
    assert "A rejected order cannot be cancelled." in words
    assert timeline_events(page(client, f"/orders/{order_id}")) == [
        "requested",
        "rejected",
    ]


def test_the_first_customer_still_has_the_order_another_tried_to_cancel(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    ann = auth.signup()
    theirs = order_pizzas(client)
    auth.logout()
    auth.signup(name="Bob")

    client.post(f"/orders/{theirs}/cancel")

    auth.logout()
    auth.login(ann)
    assert status_shown(page(client, f"/orders/{theirs}"))[0] == "validated"


def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    auth.logout()

    response = client.post(f"/orders/{order_id}/cancel")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_cancel_without_the_csrf_token_is_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    signup_with_csrf(client)
    token = csrf_token(page(client, "/menu"))
    client.post("/cart", data={**PEPPERONI, "csrf_token": token})
    key = hidden_key(page(client, "/menu"))
    placed = place(client, {**checkout_form(key=key), "csrf_token": token})
    order_path = placed.headers["Location"]

    refused = client.post(f"{order_path}/cancel")
    shown = page(client, order_path)
    accepted = client.post(f"{order_path}/cancel", data={"csrf_token": token})

    assert refused.status_code == 400
    assert "did not come from this site" in text_of(refused.get_data(as_text=True))
    assert status_shown(shown)[0] == "validated"
    # the page's own cancel form sends the token
    assert attribute(shown, '#cancel-order input[name="csrf_token"]', "value")
    assert accepted.status_code == 302
    assert status_shown(page(client, order_path))[0] == "cancelled"
