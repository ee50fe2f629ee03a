"""``GET /metrics``: the shop in Prometheus's text format, read back with
``prometheus_client``'s own parser; values as the view and the logs have them;
closed to the public."""

from __future__ import annotations

from uuid import UUID

import pytest
from eventsourcing.system import SingleThreadedRunner
from flask import Flask
from flask.testing import FlaskClient

from pizza.settings import Settings
from tests.support.metrics import Samples, samples_of
from tests.web.conftest import MEMORY_ENV, Auth
from tests.web.helpers import PEPPERONI, move, order_pizzas
from webapp import create_app
from webapp.services import shop

TOKEN = "metrics-token-for-the-tests"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app(runner: SingleThreadedRunner[UUID]) -> Flask:
    settings = Settings.from_environ({**MEMORY_ENV, "PIZZA_METRICS_TOKEN": TOKEN})
    config = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}
    return create_app(config, settings=settings, runner=runner)


def samples(client: FlaskClient) -> Samples:
    """Every sample scraped, by name and labels."""
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return samples_of(response.get_data(as_text=True))


def test_orders_events_and_lags_are_as_the_shop_has_them(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    delivered = order_pizzas(client)
    move(app, delivered, "validated", "assembling", "baking", "out_for_delivery")
    order_pizzas(client)
    with app.app_context():
        ketchup = {**PEPPERONI, "sauce": "Ketchup"}
        shop().orders.place_order("walk-in", "1 Main St", [ketchup])

    scraped = samples(client)

    with app.app_context():
        counts = shop().status.count_by_status()
        recorded = {
            name: shop().apps[name].recorder.max_notification_id()
            for name in ("Orders", "Validation", "Kitchen", "Accounts")
        }
    assert counts == {"delivered": 1, "validated": 1, "rejected": 1}
    for status, count in counts.items():
        assert scraped[("pizza_orders", (("status", status),))] == count
    for name, events in recorded.items():
        assert scraped[("pizza_events_recorded", (("application", name),))] == events
    lag = (
        "pizza_follower_lag_events",
        (("follower", "Kitchen"), ("leader", "Validation")),
    )
    assert scraped[lag] == 0
    decided = ("pizza_order_decided_seconds_count", (("outcome", "rejected"),))
    assert scraped[decided] >= 1


def test_requests_are_counted_by_route_method_and_status(
    client: FlaskClient,
) -> None:
    before = samples(client)
    client.get("/menu")
    client.get("/menu")
    client.get("/orders/not-an-id/nothing")

    after = samples(client)

    def count(route: str, status: str) -> float:
        key = (
            "pizza_http_request_seconds_count",
            (("method", "GET"), ("route", route), ("status", status)),
        )
        return after.get(key, 0) - before.get(key, 0)

    assert count("/menu", "200") == 2
    assert count("unmatched", "404") == 1


def test_metrics_need_the_token(client: FlaskClient) -> None:
    none = client.get("/metrics")
    wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})

    assert none.status_code == 401
    assert wrong.status_code == 401
    assert none.headers["WWW-Authenticate"].startswith("Bearer")


def test_without_a_token_configured_there_are_no_metrics(
    runner: SingleThreadedRunner[UUID],
) -> None:
    settings = Settings.from_environ(MEMORY_ENV)
    plain = create_app(
        {"TESTING": True, "SECRET_KEY": "t"}, settings=settings, runner=runner
    )

    assert plain.test_client().get("/metrics", headers=BEARER).status_code == 404
