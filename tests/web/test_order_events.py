"""The order page's event stream as the kitchen moves the order on: which
statuses are final, each move sent at once, the delayed flag."""

from __future__ import annotations

from datetime import timedelta
from time import monotonic
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.watchdog import Watchdog
from tests.web.conftest import Auth, make_app
from tests.web.helpers import live_events, move, order_pizzas
from webapp.services import shop


def first_event(client: FlaskClient, order_id: str) -> dict[str, Any]:
    """The first event of the order's stream, which is then closed."""
    response = client.get(f"/orders/{order_id}/events", buffered=False)
    event = next(live_events(response, "order"))
    response.close()
    return event


@pytest.mark.parametrize(
    ("stages", "final"),
    [
        ((), False),
        (("validated",), False),
        (("validated", "assembling"), False),
        (("validated", "assembling", "baking"), False),
        (("validated", "assembling", "baking", "out_for_delivery"), True),
    ],
)
def test_only_a_delivered_cancelled_or_rejected_order_is_final(
    app: Flask, client: FlaskClient, auth: Auth, stages: tuple[str, ...], final: bool
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, *stages)

    assert first_event(client, order_id)["final"] is final


def test_a_cancelled_order_and_a_rejected_one_are_final(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    cancelled = order_pizzas(client)
    rejected = order_pizzas(client, address=" ")
    with app.app_context():
        shop().kitchen.cancel(UUID(cancelled))

    assert first_event(client, cancelled)["final"] is True
    assert first_event(client, rejected)["final"] is True


def test_the_event_stream_sends_each_move_at_once_until_delivered(
    runner: SingleThreadedRunner[UUID],
) -> None:
    app = make_app(runner, WTF_CSRF_ENABLED=False, ORDER_EVENTS_KEEPALIVE_SECONDS=60)
    client = app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client)
    response = client.get(f"/orders/{order_id}/events", buffered=False)
    events = live_events(response, "order")
    first = next(events)
    started = monotonic()

    seen = []
    for stage in ("validated", "assembling", "baking", "out_for_delivery"):
        move(app, order_id, stage)
        seen.append(next(events))
    rest = list(events)
    waited = monotonic() - started

    assert waited < 5, "the stream waited for its keep-alive, not for the moves"
    assert first["status"] == "validated"
    assert [event["status"] for event in seen] == [
        "assembling",
        "baking",
        "out_for_delivery",
        "delivered",
    ]
    assert [event["final"] for event in seen] == [False, False, False, True]
    assert [event["cancellable"] for event in seen] == [True, False, False, False]
    assert rest == []  # the stream ended with the delivered order


def test_the_event_stream_sends_the_delayed_flag(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    response = client.get(f"/orders/{order_id}/events", buffered=False)
    events = live_events(response, "order")
    first = next(events)

    with app.app_context():
        Watchdog(shop().kitchen, shop().status, timedelta(0), interval=1).check()
    flagged = next(events)
    move(app, order_id, "validated")
    moved = next(events)
    response.close()

    assert (first["delayed"], flagged["delayed"], moved["delayed"]) == (
        False,
        True,
        False,
    )
    assert flagged["status"] == "validated"
    assert flagged["timeline"][-1]["what"] == "Delayed"
    assert moved["status"] == "assembling"
