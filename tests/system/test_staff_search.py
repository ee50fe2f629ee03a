"""Staff find any customer's orders in the view by the order's id, or by the
customer's name, email or phone, on every backend; a forgotten customer can no
longer be found by who they were."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.accounts import Accounts
from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend
from tests.system.scenario import VALID_PIZZA
from tests.system.test_forgetting import rebuilt_view


def test_orders_are_found_by_id_name_email_and_phone_digits(
    backend: Backend, tmp_path: Path
) -> None:
    env = {**backend.env, "PASSWORD_HASHING": "CHEAPEST"}
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        accounts, orders = runner.get(Accounts), runner.get(Orders)
        view = runner.get(OrderStatus)
        ann = accounts.register(
            "Ann O'Neil", "ann@example.com", "pw-123456", "1 Elm", "+44 20 7946 0000"
        )
        bob = accounts.register(
            "Bob Lee", "bob@example.org", "pw-123456", "2 Oak", "020 7946 1111"
        )
        ann_first = orders.place_order(str(ann), "1 Elm", [VALID_PIZZA])
        ann_second = orders.place_order(str(ann), "1 Elm", [VALID_PIZZA])
        bobs = orders.place_order(str(bob), "2 Oak", [VALID_PIZZA])
        walk_in = orders.place_order("walk-in", "3 Ash", [VALID_PIZZA])

        def found(*words: str) -> list[UUID]:
            return [UUID(order["id"]) for order in view.find_orders(words)]

        assert found("ann") == [ann_second, ann_first]
        assert found("O'NEIL") == [ann_second, ann_first]
        assert found("example.org") == [bobs]
        assert found("7946") == [bobs, ann_second, ann_first]
        assert found("79460000") == [ann_second, ann_first]  # however typed
        assert found("020-7946-1111") == [bobs]
        assert found("ann", "1111") == []
        assert found(str(walk_in)[:8]) == [walk_in]
        assert found(str(bobs).upper()) == [bobs]
        assert found("%") == []
        [listed] = view.find_orders([str(bobs)])
        assert listed["customer"] == {
            "name": "Bob Lee",
            "email": "bob@example.org",
            "phone": "020 7946 1111",
        }
        assert view.find_orders([str(walk_in)])[0]["customer"] is None

        accounts.change_details(bob, "Robert Lee", "2 Oak", "07700 900123")
        assert found("robert", "900123") == [bobs]
        assert found("1111") == []

        accounts.forget(ann)
        assert found("ann") == []
        assert found("example.com") == []
        [kept] = view.find_orders([str(ann_first)])
        assert kept["customer"] is None
        rebuilt = rebuilt_view(runner, tmp_path)
        try:
            assert rebuilt.find_orders(["example.com"]) == []
            assert [UUID(o["id"]) for o in rebuilt.find_orders(["robert"])] == [bobs]
        finally:
            rebuilt.close()
