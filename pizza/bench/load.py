"""Latency against offered load: orders placed at a steady rate, each timed
from the moment it was due to be placed to the moment the view shows it
validated (what a customer waiting on the order page sees).

The load is open: orders are placed on a timetable whatever the pipeline does,
so when it falls behind, the queue shows in the latencies instead of slowing
the load down. Before it starts, each of the bench's customers places an order
(untimed): a customer's first order also makes the key their personal data is
sealed with, which a steady state has done long before.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from queue import Queue
from statistics import quantiles
from time import perf_counter
from uuid import UUID

from pizza.bench.measures import (
    BENCH_CUSTOMERS,
    WAIT_TIMEOUT,
    place_order,
    threaded_pipeline,
    wait_for_last,
)
from pizza.orders import Orders
from pizza.status import OrderStatus


@dataclass(frozen=True)
class LoadPoint:
    """One steady load: offered and achieved orders/s, latencies in ms."""

    offered: float
    achieved: float
    p50_ms: float
    p99_ms: float


def load_point(env: dict[str, str], rate: float, seconds: float) -> LoadPoint:
    """Places ``rate`` orders a second for ``seconds`` through the threaded
    pipeline and times each one until the view shows it validated."""
    with threaded_pipeline(env) as runner:
        orders, status = runner.get(Orders), runner.get(OrderStatus)
        # Every customer has ordered before, as in a shop's steady state: a
        # customer's first order also makes the key their data is sealed with.
        known = [place_order(orders, n) for n in range(BENCH_CUSTOMERS)]
        wait_for_last(status, known)
        placed: Queue[tuple[UUID, float] | None] = Queue()
        latencies: list[float] = []
        watcher = threading.Thread(
            target=watch, args=(status, placed, latencies), daemon=True
        )
        watcher.start()
        count = max(1, round(rate * seconds))
        start = perf_counter()
        for number in range(count):
            due = start + number / rate
            pause = due - perf_counter()
            if pause > 0:
                time.sleep(pause)  # the load's timetable, not a wait for work
            placed.put((place_order(orders, number), due))
        placed.put(None)
        watcher.join(WAIT_TIMEOUT)
        finished = start + (count - 1) / rate + latencies[-1]
        return LoadPoint(
            offered=rate,
            achieved=count / (finished - start),
            p50_ms=percentile(latencies, 50) * 1000,
            p99_ms=percentile(latencies, 99) * 1000,
        )


def watch(
    status: OrderStatus,
    placed: Queue[tuple[UUID, float] | None],
    latencies: list[float],
) -> None:
    """Waits for each placed order in turn to show as validated."""
    while (item := placed.get()) is not None:
        order_id, due = item
        status.wait_for_order(order_id, statuses=("validated",), timeout=WAIT_TIMEOUT)
        latencies.append(perf_counter() - due)


def percentile(values: list[float], percent: int) -> float:
    if len(values) < 2:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[percent - 1]
