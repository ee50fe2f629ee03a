"""Forgetting a customer (GDPR erasure) the event-sourced way: their personal
data was only ever stored sealed with their own key; once the key is gone no
event, view, history or rebuild shows it, while their orders stay."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.accounts import Accounts
from pizza.domain.customer import Customer
from pizza.domain.order import Order
from pizza.history import order_history
from pizza.infrastructure.privacy import ERASED
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation
from tests.conftest import Backend
from tests.system.scenario import VALID_PIZZA

NAME, EMAIL, PHONE = "Ann Example", "ann@example.com", "+44 20 7946 0000"
ADDRESS = "221B Baker Street"
PERSONAL = [text.encode() for text in (NAME, EMAIL, PHONE, ADDRESS)]


def test_a_forgotten_customer_leaves_orders_and_no_personal_data(
    backend: Backend, tmp_path: Path
) -> None:
    env = {**backend.env, "PASSWORD_HASHING": "CHEAPEST"}
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        accounts, orders = runner.get(Accounts), runner.get(Orders)
        ann = accounts.register(NAME, EMAIL, "correct horse", ADDRESS, PHONE)
        order_id = orders.place_order(str(ann), ADDRESS, [VALID_PIZZA])
        before = runner.get(OrderStatus).get_order(order_id)

        accounts.forget(ann)
        accounts.forget(ann)  # again: harmless

        view = runner.get(OrderStatus).get_order(order_id)
        logs = (orders, runner.get(Validation), runner.get(Kitchen))
        history = order_history(logs, order_id)
        [requested] = orders.get_events(order_id)
        registered = next(iter(accounts.events.get(ann)))
        stored = [
            notification.state
            for app in (accounts, orders)
            for notification in app.recorder.select_notifications(start=1, limit=100)
        ]
        signed_in = accounts.authenticate(EMAIL, "correct horse")
        profile = accounts.get_customer(ann)
        rebuilding = rebuilt_view(runner, tmp_path)
        try:
            rebuilt = rebuilding.get_order(order_id)
        finally:
            rebuilding.close()

    assert before is not None
    assert before["address"] == ADDRESS
    assert view is not None
    assert (view["address"], view["status"], view["total"]) == (
        None,
        "validated",
        before["total"],
    )
    assert [step["event"] for step in view["timeline"]] == ["requested", "validated"]
    assert all(ADDRESS not in entry.detail for entry in history)
    assert isinstance(requested, Order.Requested)
    assert requested.address == ERASED
    assert isinstance(registered, Customer.Registered)
    assert (registered.name, registered.email, registered.phone) == (ERASED,) * 3
    assert not any(secret in state for state in stored for secret in PERSONAL)
    assert profile is None
    assert signed_in is None
    assert rebuilt is not None
    assert rebuilt["address"] is None
    assert rebuilt["total"] == before["total"]


def rebuilt_view(runner: SingleThreadedRunner[UUID], folder: Path) -> OrderStatus:
    """A new view in a file of its own, built from the runner's logs."""
    url = f"sqlite:///{folder / 'rebuilt.sqlite'}"
    view = OrderStatus(env={**(runner.env or {}), "ORDERSTATUS_SQLALCHEMY_URL": url})
    for name in runner.system.follows[OrderStatus.name]:
        leader = runner.get(runner.system.get_app_cls(name))
        view.follow(name, leader.notification_log)
    return view
