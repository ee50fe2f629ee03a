"""Listing and reading orders, and their history, through the JSON API. Every
response here is also checked against the OpenAPI document by ``Api`` (see
api_helpers)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import pytest

from tests.web.api_helpers import PIZZA_PRICE, Api, Customer, error_of, new_customer

# The api and ann fixtures; pytest finds them by their names once imported.
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture
from webapp.services import shop

# Reading orders


def test_my_orders_newest_first_and_only_mine(api: Api, ann: Customer) -> None:
    bob = new_customer(api)
    api.place(bob.token)
    placed = [api.place(ann.token).get_json()["id"] for _ in range(3)]

    orders = api.get("/api/orders", ann.token).get_json()["orders"]
    newest = api.get("/api/orders?limit=1", ann.token).get_json()["orders"]

    assert [order["id"] for order in orders] == placed[::-1]
    assert [order["id"] for order in newest] == placed[-1:]
    assert orders[0]["total"] == PIZZA_PRICE
    assert "timeline" not in orders[0]


@pytest.mark.parametrize(
    ("query", "unknown"), [("?lmit=5", "lmit"), ("?limit=5&page=2", "page")]
)
def test_a_query_parameter_the_operation_does_not_take_is_400(
    api: Api, ann: Customer, query: str, unknown: str
) -> None:
    response = api.get(f"/api/orders{query}", ann.token)

    assert response.status_code == 400
    assert response.get_json()["fields"] == {unknown: "is not a field of this request"}


@pytest.mark.parametrize("limit", ["0", "101", "-1", "1.5", "ten", "", "²", "9" * 5000])
def test_a_bad_limit_is_400(api: Api, ann: Customer, limit: str) -> None:
    response = api.get(f"/api/orders?limit={limit}", ann.token)

    assert response.status_code == 400
    assert response.get_json()["fields"] == {
        "limit": "must be a whole number from 1 to 100"
    }


def test_order_times_are_iso_8601_with_a_timezone(api: Api, ann: Customer) -> None:
    order = api.place(ann.token).get_json()

    times = [order["requested_at"], order["updated_at"]]
    times += [step["at"] for step in order["timeline"]]
    assert all(datetime.fromisoformat(at).utcoffset() is not None for at in times)


def test_an_order_the_shop_cancelled_carries_its_reason(
    api: Api, ann: Customer
) -> None:
    order_id = api.place(ann.token).get_json()["id"]
    with api.app.app_context():
        shop().kitchen.cancel_by_shop(UUID(order_id), "validated", "No dough left.")

    order = api.get(f"/api/orders/{order_id}", ann.token).get_json()
    history = api.get(f"/api/orders/{order_id}/history", ann.token).get_json()

    assert (order["status"], order["reasons"]) == ("cancelled", ["No dough left."])
    assert order["timeline"][-1]["detail"] == "refused: No dough left."
    assert history["events"][-1]["what"] == "cancelled"


def test_the_history_comes_from_the_event_log(api: Api, ann: Customer) -> None:
    order = api.place(ann.token).get_json()

    response = api.get(f"/api/orders/{order['id']}/history", ann.token)

    history = response.get_json()
    assert response.status_code == 200
    assert history["order_id"] == order["id"]
    assert [(e["application"], e["what"]) for e in history["events"]] == [
        ("Orders", "requested"),
        ("Validation", "validated"),
    ]
    assert history["events"][1]["detail"] == f"priced at £{PIZZA_PRICE}"


@pytest.mark.parametrize("suffix", ["", "/history"])
def test_others_orders_unknown_and_malformed_ids_are_the_same_404(
    api: Api, ann: Customer, suffix: str
) -> None:
    bob = new_customer(api)
    bobs_order = api.place(bob.token).get_json()["id"]

    responses = [
        api.get(f"/api/orders/{order_id}{suffix}", ann.token)
        for order_id in (bobs_order, uuid4(), "not-an-id", "%3Cscript%3E")
    ]

    assert [error_of(r) for r in responses] == [
        (404, "There is no such order.", {})
    ] * 4
    assert len({response.get_data() for response in responses}) == 1
    assert api.get(f"/api/orders/{bobs_order}{suffix}", bob.token).status_code == 200
