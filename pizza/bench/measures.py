"""The three measurements, each on the store whose environment it is given.

Each builds its applications (which creates the tables), warms them up with a
few untimed saves, then times ``count`` operations with ``perf_counter`` and
returns operations per second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from time import perf_counter
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.system import MultiThreadedRunner, SingleThreadedRunner
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from sqlalchemy.engine import Engine

from pizza.orders import Orders
from pizza.status import OrderStatus
from pizza.system import PizzaSystem

WARMUP = 10
"""Untimed saves before each timed run."""

BENCH_CUSTOMERS = 100
"""The orders are spread over this many customers."""

WAIT_TIMEOUT = 120.0
"""How long the pipeline may take to show any one order, in seconds."""

PIZZA = {
    "sauce": "Tomato",
    "cheese": "Mozzarella",
    "main_topping": "Pepperoni",
    "extra_toppings": ["Basil"],
}

Measure = Callable[[dict[str, str], int], float]


class Note(Aggregate):
    """The smallest useful aggregate: one event, one string attribute."""

    def __init__(self, text: str) -> None:
        self.text = text


class BareSaves(Application[UUID]):
    """The library with nothing of the shop's: the baseline save rate."""

    name = "BareSaves"

    def add_note(self, text: str) -> UUID:
        note = Note(text)
        self.save(note)
        return note.id


def bare_save_rate(env: dict[str, str], count: int) -> float:
    """Saves per second of ``count`` one-event aggregates, one save each."""
    app = BareSaves(env=env)
    try:
        for number in range(WARMUP):
            app.add_note(f"warm-up {number}")
        start = perf_counter()
        for number in range(count):
            app.add_note(f"note {number}")
        return count / (perf_counter() - start)
    finally:
        close_apps([app])


def place_order_rate(env: dict[str, str], count: int) -> float:
    """Orders per second of ``count`` calls of ``Orders.place_order``."""
    app = Orders(env=env)
    try:
        for number in range(WARMUP):
            place_order(app, number)
        start = perf_counter()
        for number in range(count):
            place_order(app, number)
        return count / (perf_counter() - start)
    finally:
        close_apps([app])


@contextmanager
def threaded_pipeline(env: dict[str, str]) -> Iterator[MultiThreadedRunner[UUID]]:
    """The whole system under the threaded runner (followers catch up on start),
    stopped and its connections closed when the block ends."""
    runner: MultiThreadedRunner[UUID] = MultiThreadedRunner(PizzaSystem(), env=env)
    apps = list(runner.apps.values())
    try:
        runner.start()
        yield runner
    finally:
        runner.stop()
        dispose_engines(apps)


def pipeline_rate(env: dict[str, str], count: int) -> float:
    """Orders per second through the whole system under the threaded runner,
    from placing the first order to the last one showing as validated."""
    with threaded_pipeline(env) as runner:
        orders, status = runner.get(Orders), runner.get(OrderStatus)
        warm_up = [place_order(orders, n) for n in range(WARMUP)]
        wait_for_last(status, warm_up)
        start = perf_counter()
        order_ids = [place_order(orders, number) for number in range(count)]
        wait_for_last(status, order_ids)
        elapsed = perf_counter() - start
        check_all_validated(status, order_ids)
        return count / elapsed


def single_threaded_rate(env: dict[str, str], count: int) -> float:
    """Orders per second through the whole system under the single-threaded
    runner, one at a time: each is placed, then read back from the view as
    validated (the runner processes it in the placing call)."""
    with SingleThreadedRunner[UUID](PizzaSystem(), env=env) as runner:
        orders, status = runner.get(Orders), runner.get(OrderStatus)
        try:
            for number in range(WARMUP):
                place_and_check(orders, status, number)
            start = perf_counter()
            for number in range(count):
                place_and_check(orders, status, number)
            return count / (perf_counter() - start)
        finally:
            dispose_engines(runner.apps.values())


def place_and_check(orders: Orders, status: OrderStatus, number: int) -> None:
    check_validated(status, place_order(orders, number))


def place_order(orders: Orders, number: int) -> UUID:
    return orders.place_order(
        customer_id=f"bench-customer-{number % BENCH_CUSTOMERS}",
        address=f"{number} Benchmark Street",
        pizzas=[PIZZA],
    )


def wait_for_last(status: OrderStatus, order_ids: Sequence[UUID]) -> None:
    """Waits until the last order is shown validated.

    Validation decides in log order and the view reads its log in order, so
    by then the others are validated too (``check_all_validated`` makes sure,
    untimed). Waiting on each in turn would have the measuring thread query the
    view after every batch, competing with the pipeline it measures."""
    status.wait_for_order(order_ids[-1], statuses=("validated",), timeout=WAIT_TIMEOUT)


def check_all_validated(status: OrderStatus, order_ids: Sequence[UUID]) -> None:
    for order_id in order_ids:
        check_validated(status, order_id)


def check_validated(status: OrderStatus, order_id: UUID) -> None:
    order = status.get_order(order_id)
    if order is None or order["status"] != "validated":
        raise RuntimeError(f"order {order_id} is not validated: {order}")


def close_apps(apps: Iterable[Application[Any]]) -> None:
    apps = list(apps)
    for app in apps:
        app.close()
    dispose_engines(apps)


def dispose_engines(apps: Iterable[Application[Any]]) -> None:
    """Closes the connections SQLAlchemy pools keep open after ``close()``, so
    the store can be removed (``eventsourcing_sqlalchemy`` does not do it)."""
    for app in apps:
        factory = app.factory
        if isinstance(factory, SQLAlchemyFactory):
            engine = factory.datastore.engine
            if isinstance(engine, Engine):
                engine.dispose()


MEASURES: dict[str, Measure] = {
    "bare": bare_save_rate,
    "place": place_order_rate,
    "pipeline": pipeline_rate,
}
"""In the order each round runs them."""
