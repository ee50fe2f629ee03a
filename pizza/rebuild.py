"""Rebuilding the order status view from the event log.

The view is emptied, then reads each of its leaders' logs from the start, in
sections of ``REBUILD_SECTION`` events, one transaction each (the running shop
reads smaller sections, sized for latency: ``pull_section_size``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from time import perf_counter

from pizza.status import OrderStatus
from pizza.system import PizzaSystem

REBUILD_SECTION = 1000


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did: orders by status, timeline steps written, seconds."""

    counts: dict[str, int]
    steps: int
    seconds: float


def rebuild_view(env: Mapping[str, str]) -> Rebuilt:
    """Empties the view and builds it again from its leaders' logs (the shop
    must be stopped: a running view would interleave its own sections)."""
    system = PizzaSystem()
    with OrderStatus(env=dict(env)) as view:
        view.recorder.clear()
        view.pull_section_size = REBUILD_SECTION
        start = perf_counter()
        for leader_name in system.follows[view.name]:
            with system.get_app_cls(leader_name)(env=dict(env)) as leader:
                view.follow(leader_name, leader.notification_log)
        seconds = perf_counter() - start
        return Rebuilt(view.count_by_status(), view.timeline_steps(), seconds)
