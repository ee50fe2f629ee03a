"""Arrival estimates for the view's orders, from how long each step took lately.

The arithmetic is the domain's (``pizza.domain.eta``); this reads the recent
durations of each step from the orders' timelines (the time between an order's
event that began a step and the one that ended it) and keeps them a few seconds,
so pages and streams that ask for every order do not read them every time:
while the view has not changed at all, and otherwise for ``KEEP_SECONDS``
(``LEARN_SECONDS`` while some step has had too few orders to tell).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from time import monotonic
from typing import Any

from pizza.domain.eta import (
    RECENT_ORDERS,
    STEPS,
    Estimate,
    StepTime,
    estimate,
    step_time,
)
from pizza.infrastructure.core_recorders import Reader
from pizza.status import queries

KEEP_SECONDS = 5.0
"""How long step times read from a changing view are used before they are
re-read."""
LEARN_SECONDS = 1.0
"""The same, while some step has had too few orders to tell: a new shop shows
estimates within a second of having taken enough orders through."""
AFTER = dict(zip(STEPS, (*STEPS[1:], "delivered"), strict=True))
"""The status that ends each step."""


@dataclass(frozen=True)
class Kept:
    at: float
    view_changes: int
    times: dict[str, StepTime]


class Estimates:
    def __init__(
        self,
        reading: Callable[[], AbstractContextManager[Reader]],
        view_changes: Callable[[], int],
    ) -> None:
        self.reading = reading
        self.view_changes = view_changes
        self.lock = threading.Lock()
        self.kept: Kept | None = None

    def step_times(self) -> dict[str, StepTime]:
        """Each step's recent times; steps too few orders went through are
        left out (so a new shop learns from its first orders)."""
        changes = self.view_changes()
        with self.lock:
            kept = self.kept
        if kept is not None:
            fresh_for = KEEP_SECONDS if len(kept.times) == len(STEPS) else LEARN_SECONDS
            if kept.view_changes == changes or monotonic() - kept.at < fresh_for:
                return kept.times
        with self.reading() as session:
            times = {
                step: time
                for step in STEPS
                if (
                    time := step_time(
                        queries.step_durations(
                            session, step, AFTER[step], RECENT_ORDERS
                        )
                    )
                )
            }
        with self.lock:
            self.kept = Kept(monotonic(), changes, times)
        return times

    def add_to(self, order: dict[str, Any]) -> dict[str, Any]:
        """The order with its ``estimate`` (None when there is none) and
        whether it is ``late`` now."""
        found: Estimate | None = None
        if order["status"] in STEPS:
            found = estimate(order["status"], order["updated_at"], self.step_times())
        now = datetime.now(tz=UTC)
        return {
            **order,
            "estimate": found,
            "late": found is not None and found.is_late(now),
        }
