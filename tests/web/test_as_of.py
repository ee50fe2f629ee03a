"""Time travel on the order page and in the API: the order as it stood after
any step of its timeline, or at any moment, rebuilt from the event logs; for
the order's customer, and read-only for staff."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.web.api_helpers import Api, Customer

# The api and ann fixtures; pytest finds them by their names once imported.
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture
from tests.web.conftest import Auth
from tests.web.helpers import move, order_pizzas, page, staff_client
from tests.web.pages import attributes, select, status_shown, text_at, timeline_events


def test_each_step_links_to_the_order_as_it_stood_then(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    move(app, order_id, "validated", "assembling")

    now = page(client, f"/orders/{order_id}")
    first = page(client, f"/orders/{order_id}?at=1")
    second = page(client, f"/orders/{order_id}?at=2")

    assert attributes(now, "#timeline a.as-of", "href") == [
        f"/orders/{order_id}?at={n}" for n in (1, 2, 3, 4)
    ]
    assert status_shown(first)[0] == "requested"
    assert timeline_events(first) == ["requested"]
    assert text_at(first, "#order-total") == "checking…"
    assert status_shown(second)[0] == "validated"
    assert text_at(second, "#order-total") == "£10.00"
    assert text_at(second, "#as-of").startswith("As it stood after step 2 of 4, at")
    assert select(second, "#cancel-order") == []  # the past cannot be changed
    assert select(second, "script[src*=order]") == []  # nor does it move
    assert select(now, "#as-of") == []


def test_a_moment_before_the_order_or_a_bad_at(client: FlaskClient, auth: Auth) -> None:
    auth.signup()
    order_id = order_pizzas(client)

    before = client.get(f"/orders/{order_id}?at=2000-01-01T00:00:00Z")
    bad = client.get(f"/orders/{order_id}?at=yesterday")
    zero = client.get(f"/orders/{order_id}?at=0")

    assert before.status_code == 404
    assert (bad.status_code, zero.status_code) == (400, 400)
    assert "takes a step number" in bad.get_data(as_text=True)


def test_staff_see_any_order_read_only_and_others_see_none(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    auth.signup()
    order_id = order_pizzas(client)
    other = app.test_client()
    Auth(other).signup()

    staff_view = page(staff_client(app), f"/orders/{order_id}?at=2")
    staff_now = page(staff_client(app), f"/orders/{order_id}")

    assert status_shown(staff_view)[0] == "validated"
    assert select(staff_now, "#cancel-order") == []
    assert select(staff_now, "form.order-again") == []
    assert other.get(f"/orders/{order_id}?at=1").status_code == 404
    assert other.get(f"/orders/{order_id}").status_code == 404


def test_the_api_gives_the_order_as_it_stood(api: Api, ann: Customer) -> None:
    order_id = api.place(ann.token).get_json()["id"]

    first = api.get(f"/api/orders/{order_id}?at=1", ann.token)
    second = api.get(f"/api/orders/{order_id}?at=2", ann.token)
    bad = api.get(f"/api/orders/{order_id}?at=soon", ann.token)
    before = api.get(f"/api/orders/{order_id}?at=2000-01-01", ann.token)

    assert first.get_json()["status"] == "requested"
    assert first.get_json()["as_of"] == {"step": 1, "steps": 2}
    assert first.get_json()["total"] is None
    assert second.get_json()["status"] == "validated"
    assert [step["event"] for step in second.get_json()["timeline"]] == [
        "requested",
        "validated",
    ]
    assert bad.status_code == 400
    assert "at" in bad.get_json()["fields"]
    assert before.status_code == 404
