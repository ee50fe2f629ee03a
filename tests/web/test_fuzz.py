"""Generated input, hostile text included (control characters, unpaired
surrogates, odd JSON), against the JSON API and the forms: never a 5xx, and a
refused request stores nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pizza.accounts import Accounts
from pizza.orders import Orders
from tests.web.api_helpers import PIZZA, Api, Customer
from tests.web.api_helpers import ann_fixture as ann_fixture
from tests.web.api_helpers import api_fixture as api_fixture
from tests.web.conftest import make_app

ANY_TEXT = st.text(st.characters(codec=None), max_size=40)  # surrogates too
# A form travels as UTF-8, which cannot carry an unpaired surrogate.
FORM_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3)
    ),
    max_leaves=8,
)
PIZZA_FIELD = st.sampled_from(["sauce", "cheese", "main_topping", "extra_toppings"])
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def stored(runner: SingleThreadedRunner[UUID], app: type[Orders | Accounts]) -> int:
    return runner.get(app).recorder.max_notification_id() or 0


@FUZZ
@given(address=JSON | ANY_TEXT, field=PIZZA_FIELD, value=JSON, extra=JSON | ANY_TEXT)
def test_orders_of_generated_shapes_and_text(
    api: Api,
    ann: Customer,
    runner: SingleThreadedRunner[UUID],
    address: Any,
    field: str,
    value: Any,
    extra: Any,
) -> None:
    before = stored(runner, Orders)
    body = {
        "address": address,
        "pizzas": [{**PIZZA, field: value}, {**PIZZA, "x": extra}],
    }

    response = api.place(ann.token, body)

    assert response.status_code < 500
    if response.status_code >= 400:
        assert stored(runner, Orders) == before


@FUZZ
@given(
    name=FORM_TEXT,
    email=FORM_TEXT,
    address=FORM_TEXT,
    phone=FORM_TEXT,
    password=FORM_TEXT,
)
def test_sign_ups_with_generated_text(
    runner: SingleThreadedRunner[UUID],
    name: str,
    email: str,
    address: str,
    phone: str,
    password: str,
) -> None:
    client = make_app(runner, WTF_CSRF_ENABLED=False).test_client()
    before = stored(runner, Accounts)
    form = {
        "name": name,
        "email": email,
        "password": password,
        "confirm": password,
        "address": address,
        "phone": phone,
    }

    response = client.post("/signup", data=form)

    assert response.status_code < 500
    if response.status_code >= 400:
        assert stored(runner, Accounts) == before


@FUZZ
@given(address=FORM_TEXT)
def test_checkouts_with_generated_addresses(
    runner: SingleThreadedRunner[UUID], address: str
) -> None:
    client = make_app(runner, WTF_CSRF_ENABLED=False).test_client()
    client.post(
        "/cart", data={"sauce": "Tomato", "cheese": "Mozzarella", "main_topping": "Ham"}
    )
    before = stored(runner, Orders)

    response = client.post(
        "/orders", data={"address": address, "idempotency_key": "0" * 32}
    )

    assert response.status_code < 500
    if response.status_code >= 400:
        assert stored(runner, Orders) == before
