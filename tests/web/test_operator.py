"""The operator's page: for operators only; orders, the chart, each follower's
lag, failing and parked events, the latest events, and a browser of the logs
down to one event as stored (personal fields sealed, password hashes hidden)."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from flask import Flask
from flask.testing import FlaskClient

from pizza.domain.order import Order
from pizza.domain.ticket import KitchenTicket
from tests.web.conftest import Auth
from tests.web.helpers import move, order_pizzas, page, staff_client
from tests.web.pages import attributes, links, select_text, text_at, text_of
from webapp.services import shop


@pytest.fixture
def operator(app: Flask) -> FlaskClient:
    """A client of its own, logged in as an operator."""
    email = f"op-{uuid4().hex[:8]}@example.com"
    with app.app_context():
        shop().accounts.register("Olga", email, "correct horse", "", "", operator=True)
    client = app.test_client()
    Auth(client).login(email)
    return client


@pytest.mark.parametrize(
    "path", ["/operator", "/operator/chart.svg", "/operator/events"]
)
def test_only_operators_may_look(
    app: Flask, client: FlaskClient, auth: Auth, path: str
) -> None:
    anonymous = client.get(path)
    auth.signup()
    customer = client.get(path)
    staff = staff_client(app).get(path)

    assert anonymous.status_code == 302
    assert (customer.status_code, staff.status_code) == (403, 403)


def test_the_page_shows_orders_lags_and_the_latest_events(
    app: Flask, client: FlaskClient, auth: Auth, operator: FlaskClient
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, "validated")

    html = page(operator, "/operator")
    chart = operator.get("/operator/chart.svg")

    assert ("Operator", "/operator") in links(html)
    assert text_at(html, "#counts") == "assembling 1"
    assert "Kitchen Validation 0" in text_of(html)
    assert text_at(html, "#no-stuck") == "None: every follower is moving."
    assert select_text(html, '.log-lines[data-app="Kitchen"] li') == [
        "#2 KitchenTicket.Moved",
        "#1 KitchenTicket.Opened",
    ]
    assert chart.mimetype == "image/svg+xml"
    assert b"Orders reaching each status" in chart.data
    assert attributes(html, "#chart", "alt") == [
        "Orders reaching each status, hour by hour, over the last day"
    ]


def test_the_logs_filter_by_order_and_kind(
    app: Flask, client: FlaskClient, auth: Auth, operator: FlaskClient
) -> None:
    auth.signup()
    first, second = order_pizzas(client), order_pizzas(client)
    move(app, first, "validated", "assembling")
    move(app, second, "validated")

    of_first = page(operator, f"/operator/events?app=Kitchen&order={first}")
    moves = page(operator, "/operator/events?app=Kitchen&kind=moved")

    assert (
        select_text(of_first, "table.log td.aggregate")
        == [str(KitchenTicket.id_for(UUID(first)))] * 3
    )
    assert (
        select_text(moves, "table.log tbody tr td:nth-of-type(2)")
        == ["KitchenTicket.Moved"] * 3
    )
    assert operator.get("/operator/events?app=Nope").status_code == 400
    assert operator.get("/operator/events?order=not-an-id").status_code == 400
    for before in ("0", "-3", "9" * 30, "x"):
        assert operator.get(f"/operator/events?before={before}").status_code == 400


def test_an_event_as_stored_keeps_personal_data_sealed_and_hashes_hidden(
    client: FlaskClient, auth: Auth, operator: FlaskClient
) -> None:
    auth.signup(name="Annabel Secretname")

    html = page(operator, "/operator/events/Accounts/1")

    assert text_at(html, "#topic") == "pizza.domain.customer:Customer.Registered"
    stored = text_at(html, "#stored")
    assert '"password_hash": "[hidden]"' in stored
    assert "Secretname" not in html  # sealed in the log
    assert '"o":' in stored  # a sealed field: its owner, nonce and ciphertext
    assert operator.get("/operator/events/Accounts/999").status_code == 404


def test_a_failing_event_is_listed_with_its_error(
    app: Flask, operator: FlaskClient
) -> None:
    with app.app_context():
        topic = f"{Order.Requested.__module__}:{Order.Requested.__qualname__}"
        broken = StoredEvent(uuid4(), 1, topic, b"not what was stored")
        shop().orders.recorder.insert_events([broken])
        shop().status.pull_and_process("Orders")

    html = page(operator, "/operator")

    assert select_text(html, "table.stuck td:nth-of-type(2)") == ["Orders #1"]
    assert "MapperDeserialisationError" in text_at(html, "table.stuck td.error")
