"""The menu is changed by staff while orders wait to be validated: each order is
priced by the menu as it stood when it was placed, whenever validation gets to
it, on the backends that outlive a process."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from tests.conftest import Backend

PEPPERONI = {"sauce": "Tomato", "cheese": "Mozzarella", "main_topping": "Pepperoni"}


def test_a_price_change_after_an_order_leaves_that_orders_total_alone(
    durable_backend: Backend,
) -> None:
    env = dict(durable_backend.env)
    with Orders(env=env) as orders:  # validation is not running yet
        before = orders.place_order("c-1", "1 Main St", [PEPPERONI])
        orders.change_menu(
            lambda menu: menu.change_price("main_topping", "Pepperoni", Decimal("3.00"))
        )
        after = orders.place_order("c-1", "1 Main St", [PEPPERONI])
        orders.change_menu(lambda menu: menu.mark_out_of_stock("cheese", "Mozzarella"))
        out = orders.place_order("c-1", "1 Main St", [PEPPERONI])
        orders.change_menu(lambda menu: menu.mark_back_in_stock("cheese", "Mozzarella"))
        back = orders.place_order("c-1", "1 Main St", [PEPPERONI])

    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        view = runner.get(OrderStatus)

        def shown(order_id: UUID) -> tuple[str, Decimal | None, list[str]]:
            order = view.get_order(order_id)
            assert order is not None
            return order["status"], order["total"], order["reasons"]

        assert shown(before) == ("validated", Decimal("10.00"), [])
        assert shown(after) == ("validated", Decimal("11.00"), [])
        assert shown(out) == (
            "rejected",
            None,
            ['Pizza 1: cheese "Mozzarella" is out of stock.'],
        )
        assert shown(back) == ("validated", Decimal("11.00"), [])
        assert runner.get(Orders).menu().main_toppings["Pepperoni"] == Decimal("3.00")
