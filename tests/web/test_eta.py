"""The arrival estimate on the order page, its stream and in the API: none until
the kitchen has taken a few orders through every step, then the time they took."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from flask import Flask
from flask.testing import FlaskClient

from pizza.domain.eta import STEPS
from pizza.domain.ticket import WAITING_STAGES
from tests.support.processes import wait_until
from tests.web.api_helpers import Api, Customer

# The api and ann fixtures; pytest finds them by their names once imported.
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture
from tests.web.conftest import Auth
from tests.web.helpers import live_events, move, order_pizzas, page
from tests.web.pages import attribute, is_hidden, text_at
from webapp.services import shop


def deliver_some(app: Flask, client: FlaskClient, count: int) -> None:
    for _ in range(count):
        move(app, order_pizzas(client), *WAITING_STAGES)


def every_step_known(app: Flask) -> None:
    """Waits until the estimates know every step (the view re-reads them at
    most once a second while it learns)."""
    with app.app_context():
        estimates = shop().status.estimates
        wait_until(
            lambda: len(estimates.step_times()) == len(STEPS), 5, "every step's time"
        )


def deliver_through_the_api(api: Api, customer: Customer, count: int) -> None:
    for _ in range(count):
        order_id = api.place(customer.token).get_json()["id"]
        with api.app.app_context():
            for stage in WAITING_STAGES:
                shop().kitchen.advance(UUID(order_id), stage)


def test_the_page_shows_no_estimate_before_a_few_orders_are_delivered(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    deliver_some(app, client, 2)

    html = page(client, f"/orders/{order_pizzas(client)}")

    assert is_hidden(html, "#order-eta")


def test_the_page_and_its_stream_show_when_the_order_should_arrive(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    deliver_some(app, client, 3)
    every_step_known(app)
    order_id = order_pizzas(client)

    html = page(client, f"/orders/{order_id}")
    stream = client.get(f"/orders/{order_id}/events", buffered=False)
    first = next(live_events(stream, "order"))
    stream.close()

    expected_at = attribute(html, "#order-eta time", "datetime")
    assert not is_hidden(html, "#order-eta")
    assert is_hidden(html, "#order-eta .eta-late")
    assert text_at(html, "#order-eta .eta-on-time") == "At your door around"
    assert text_at(html, "#order-eta time") == (
        f"{datetime.fromisoformat(expected_at):%H:%M}"
    )
    assert first["eta"]["expected_at"] == expected_at
    assert first["eta"]["late"] is False


def test_the_api_gives_the_expected_time_once_it_can_tell(
    api: Api, ann: Customer
) -> None:
    deliver_through_the_api(api, ann, 2)
    too_soon = api.place(ann.token).get_json()
    deliver_through_the_api(api, ann, 1)
    every_step_known(api.app)

    order = api.get(f"/api/orders/{too_soon['id']}", ann.token).get_json()
    listed = api.get("/api/orders", ann.token).get_json()["orders"]

    assert (too_soon["expected_at"], too_soon["late"]) == (None, False)
    expected_at = datetime.fromisoformat(order["expected_at"])
    assert expected_at.utcoffset() is not None
    assert expected_at >= datetime.fromisoformat(order["updated_at"])
    assert order["late"] is False
    assert [o["expected_at"] for o in listed] == [
        None,
        order["expected_at"],
        None,
        None,
    ]
