"""The kitchen's board, live: stuck orders flagged and unflagged, and the
event stream that keeps the board up to date without reloading."""

from __future__ import annotations

from datetime import timedelta
from time import monotonic
from typing import Any
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.watchdog import Watchdog
from tests.web.conftest import Auth, make_app
from tests.web.helpers import (
    live_events,
    move,
    order_pizzas,
    page,
    staff_client,
    stream_events,
)
from tests.web.pages import (
    attribute,
    attributes,
    board_columns,
    classes,
    select,
    select_text,
    shows_delayed,
    timeline_events,
    timeline_steps,
)
from webapp.services import shop

# Stuck orders


def test_a_stuck_order_is_flagged_delayed_until_it_moves(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    staff = staff_client(app)
    with app.app_context():
        watchdog = Watchdog(shop().kitchen, shop().status, timedelta(0), interval=1)
        flagged = watchdog.check()

    board = page(staff, "/kitchen")
    html = page(client, f"/orders/{order_id}")
    ticket = f'li.ticket[data-order-id="{order_id}"]'
    assert flagged == 1
    assert "is-delayed" in classes(board, ticket)
    assert select_text(board, f"{ticket} .delayed") == [
        "Delayed: this order has not moved for too long"
    ]
    assert shows_delayed(html)
    assert timeline_events(html) == ["requested", "validated", "delayed"]
    delayed = timeline_steps(html)[-1]
    assert "Delayed by the kitchen flagged: still validated since" in delayed
    assert select_text(page(client, "/orders"), "table.orders tbody .delayed") == [
        "Delayed: taking longer than it should"
    ]

    move(app, order_id, "validated")

    board = page(staff, "/kitchen")
    assert board_columns(board)["assembling"] == [order_id]
    assert "is-delayed" not in classes(board, ticket)
    assert select(board, ".delayed") == []
    assert not shows_delayed(page(client, f"/orders/{order_id}"))
    assert select(page(client, "/orders"), ".delayed") == []


# Live updates


def test_the_board_stream_sends_the_board_then_each_change_at_once(
    runner: SingleThreadedRunner[UUID],
) -> None:
    app = make_app(runner, WTF_CSRF_ENABLED=False, KITCHEN_EVENTS_KEEPALIVE_SECONDS=60)
    client = app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client)
    response = staff_client(app).get("/kitchen/events", buffered=False)
    try:
        boards = live_events(response, "board")
        first = next(boards)
        moved_at = monotonic()
        move(app, order_id, "validated")
        second = next(boards)
        waited = monotonic() - moved_at
    finally:
        response.close()

    assert waited < 5, "the stream waited for its keep-alive, not for the move"
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    assert [column["title"] for column in first["columns"]] == [
        "New",
        "Assembling",
        "Baking",
        "Out for delivery",
    ]
    assert [card["id"] for card in first["columns"][0]["orders"]] == [order_id]
    assert first["columns"][0]["move_label"] == "Move to Assembling"
    assert first["columns"][1]["orders"] == []
    assert second["columns"][0]["orders"] == []
    [card] = second["columns"][1]["orders"]
    assert (card["id"], card["stage"], card["delayed"]) == (
        order_id,
        "assembling",
        False,
    )
    assert card["pizzas"] == ["Pepperoni: Tomato sauce, Mozzarella"]


def test_the_board_stream_sends_nothing_new_while_nothing_changes(
    runner: SingleThreadedRunner[UUID],
) -> None:
    app = make_app(
        runner,
        WTF_CSRF_ENABLED=False,
        KITCHEN_EVENTS_SECONDS=0.3,
        KITCHEN_EVENTS_KEEPALIVE_SECONDS=0.1,
    )

    body = staff_client(app).get("/kitchen/events").get_data(as_text=True)

    assert body.startswith("retry: ")
    assert len(stream_events(body, "board")) == 1
    assert body.endswith(": keep-alive\n\n")


def test_the_board_script_builds_nodes_from_text_only(app: Flask) -> None:
    script = app.test_client().get("/static/kitchen.js").get_data(as_text=True)

    assert "textContent" in script
    assert "innerHTML" not in script
    assert "insertAdjacentHTML" not in script
    board = page(staff_client(app), "/kitchen")
    assert attribute(board, "#board", "data-events-url") == "/kitchen/events"


def test_the_board_page_and_its_stream_sign_each_column_alike(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    """The script leaves a column alone while its signature is the one it
    shows, so a button is not replaced by its double just as it is clicked."""
    auth.signup()
    order_id = order_pizzas(client)
    staff = staff_client(app)

    html = page(staff, "/kitchen")
    before = first_board(staff)
    move(app, order_id, "validated")
    after = first_board(staff)

    shown = attributes(html, "#board section.column", "data-signature")
    assert shown == [column["signature"] for column in before["columns"]]
    changed = [
        a["signature"] != b["signature"]
        for a, b in zip(before["columns"], after["columns"], strict=True)
    ]
    assert changed == [True, True, False, False]


def first_board(staff: FlaskClient) -> dict[str, Any]:
    response = staff.get("/kitchen/events", buffered=False)
    try:
        return next(live_events(response, "board"))
    finally:
        response.close()
