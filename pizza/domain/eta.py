"""When an order will arrive: estimated from how long each step has taken lately.

Every order waits in the same steps: checked (requested), then in the kitchen's
stages until it is delivered. The shop knows how long each step took for the
orders that went through it recently (the view reads that from their events),
so an order's arrival is expected when its current step's usual time has run,
then each later step's. It is *late* once it is past the moment by which nine in
ten recent orders would have arrived from the same step, and at least a minute
past the expected one (an arrival "around 19:42" is not late at 19:42:30).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median, quantiles

from pizza.domain.ticket import WAITING_STAGES

STEPS = ("requested", *WAITING_STAGES)
"""The statuses an order waits in on its way to delivered, in order."""
RECENT_ORDERS = 50
"""How many of the latest orders through a step tell how long it takes."""
FEWEST_ORDERS = 3
"""Fewer orders than this through a step, and there is no telling."""
GRACE = timedelta(minutes=1)


@dataclass(frozen=True)
class StepTime:
    """How long a step has taken lately: usually, and for the slowest tenth."""

    usual: timedelta
    slow: timedelta


@dataclass(frozen=True)
class Estimate:
    expected_at: datetime
    late_after: datetime

    def is_late(self, now: datetime) -> bool:
        return now > self.late_after


def step_time(durations: Sequence[timedelta]) -> StepTime | None:
    """What the durations say of their step; None if they are too few."""
    if len(durations) < FEWEST_ORDERS:
        return None
    seconds = sorted(duration.total_seconds() for duration in durations)
    slow = quantiles(seconds, n=10, method="inclusive")[-1]
    return StepTime(timedelta(seconds=median(seconds)), timedelta(seconds=slow))


def estimate(
    status: str, since: datetime, step_times: Mapping[str, StepTime]
) -> Estimate | None:
    """When an order in ``status`` since ``since`` is expected, and late; None
    once it has arrived or stopped, or while some step ahead of it has too
    few recent orders to tell."""
    if status not in STEPS:
        return None
    ahead = [step_times.get(step) for step in STEPS[STEPS.index(status) :]]
    if None in ahead:
        return None
    usual = sum((time.usual for time in ahead if time), timedelta())
    slow = sum((time.slow for time in ahead if time), timedelta())
    expected_at = since + usual
    return Estimate(expected_at, max(since + slow, expected_at + GRACE))
