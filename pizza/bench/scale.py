"""Reads at two sizes of shop: what a page costs with 1,000 orders and with
100,000, and how much memory the server holds after serving each.

Each size gets a fresh embedded store. Its orders are saved in batches straight
from the domain (the bench's shortcut: ``place_order`` saves one at a time),
then the pipeline catches up on all of them as it does on start: nearly all
are rejected (an unknown sauce), a final status that, like delivered, leaves
the kitchen's board; a few stay on the board. One customer, with a token, owns
a share of them. Then ``pizza serve`` answers each page ``REQUESTS`` times in
turn, and the median of each is reported.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from statistics import median
from time import perf_counter
from uuid import UUID

from pizza.accounts import Accounts
from pizza.bench.http import PASSWORD, QUICK, bearer_token, shop_process, status_of
from pizza.bench.measures import PIZZA, WAIT_TIMEOUT, threaded_pipeline
from pizza.bench.results import verdict
from pizza.bench.stores import sqlite_store
from pizza.domain.order import Order
from pizza.domain.request import check_pizzas
from pizza.domain.shop_menu import SEED_VERSION
from pizza.orders import Orders
from pizza.status import OrderStatus

SIZES = (1_000, 100_000)
SAVED_AT_ONCE = 500
ON_THE_BOARD = 50
OWN_SHARE = 100
"""One order in this many is the measured customer's."""
REQUESTS = 200
SCALE_TARGET = 1.5
EMAIL = "scale@example.com"
PAGES = ("/health", "/menu", "/api/orders?limit=20", "/api/orders/{order_id}")


@dataclass(frozen=True)
class SizeResult:
    """Median milliseconds per page, and the server's memory after them."""

    orders: int
    page_ms: dict[str, float]
    count_by_status_ms: float
    board_ms: float
    rss_mb: float


def measure_scale(
    sizes: tuple[int, ...], progress: Callable[[str], None]
) -> list[SizeResult]:
    results = []
    for size in sizes:
        with sqlite_store() as env:
            env = {**env, **QUICK}
            started = perf_counter()
            customer_id, order_id = seed(env, size)
            progress(f"scale: {size} orders seeded in {perf_counter() - started:.0f} s")
            results.append(measure_size(env, size, customer_id, order_id))
            progress(f"scale: {size} orders measured")
    return results


def seed(env: dict[str, str], size: int) -> tuple[UUID, UUID]:
    """Saves ``size`` orders, lets the pipeline catch up; the measured
    customer's id and one of their orders."""
    with Accounts(env=dict(env)) as accounts:
        customer_id = accounts.register(
            "Scale", EMAIL, PASSWORD, "1 Main St", "+44 20 7946 0000"
        )
    good, bad = check_pizzas([PIZZA]), check_pizzas([{**PIZZA, "sauce": "Ketchup"}])
    order_ids: list[UUID] = []
    with Orders(env=dict(env)) as orders:
        for first in range(0, size, SAVED_AT_ONCE):
            batch = [
                Order(
                    customer_id=str(customer_id)
                    if n % OWN_SHARE == 0
                    else f"c-{n % 997}",
                    address=f"{n} Scale Street",
                    pizzas=good if size - n <= ON_THE_BOARD else bad,
                    idempotency_key=None,
                    menu_version=SEED_VERSION,
                )
                for n in range(first, min(size, first + SAVED_AT_ONCE))
            ]
            orders.save(*batch)
            order_ids.extend(order.id for order in batch)
    with threaded_pipeline(env) as runner:  # followers catch up on their backlog
        status = runner.get(OrderStatus)
        status.wait_for_order(
            order_ids[-1], statuses=("validated",), timeout=WAIT_TIMEOUT
        )
    return customer_id, order_ids[0]


def owner(customer_id: UUID, number: int) -> str:
    return str(customer_id) if number % OWN_SHARE == 0 else f"c-{number % 997}"


def measure_size(
    env: dict[str, str], size: int, customer_id: UUID, order_id: UUID
) -> SizeResult:
    with OrderStatus(env=dict(env)) as status:
        count_ms = median_ms(status.count_by_status)
        board_ms = median_ms(lambda: status.list_in_stages(("validated",)))
    with shop_process(["serve"], env) as base:
        headers = {"Authorization": f"Bearer {bearer_token(base, EMAIL)}"}
        page_ms = {}
        for page in PAGES:
            url = base + page.format(order_id=order_id)
            request = urllib.request.Request(url, headers=headers)
            page_ms[page] = median_ms(partial(check_ok, request))
        rss = rss_mb(base)
    return SizeResult(size, page_ms, count_ms, board_ms, rss)


def check_ok(request: urllib.request.Request) -> None:
    status = status_of(request)
    if status != 200:
        raise RuntimeError(f"{request.full_url} answered {status}")


def median_ms(call: Callable[[], object]) -> float:
    times = []
    for _ in range(REQUESTS):
        started = perf_counter()
        call()
        times.append(perf_counter() - started)
    return median(times) * 1000


def rss_mb(base: str) -> float:
    """The resident memory of the ``pizza serve`` listening at ``base``."""
    wanted = ["serve", "--port", base.rsplit(":", 1)[1]]
    for process in Path("/proc").glob("[0-9]*"):
        try:
            if (process / "cmdline").read_text().split("\0")[-4:-1] != wanted:
                continue
            status = (process / "status").read_text()
        except OSError:
            continue  # gone meanwhile
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024
    raise RuntimeError(f"no server at {base}")


def format_scale(results: list[SizeResult]) -> str:
    small, large = results[0], results[-1]
    lines = [f"reads at {small.orders} and {large.orders} orders (median ms):"]

    def line(name: str, a: float, b: float) -> str:
        ratio = b / a
        met = verdict(ratio <= SCALE_TARGET)
        return f"  {name:<26} {a:8.2f} {b:8.2f}  {ratio:5.2f}x  target <= 1.5x: {met}"

    lines.append(
        line("count_by_status", small.count_by_status_ms, large.count_by_status_ms)
    )
    lines.append(line("board query (validated)", small.board_ms, large.board_ms))
    for page in PAGES:
        lines.append(line(f"GET {page}", small.page_ms[page], large.page_ms[page]))
    lines.append(
        f"  server RSS after the pages: {small.rss_mb:.0f} MB and {large.rss_mb:.0f} MB"
    )
    return "\n".join(lines)
