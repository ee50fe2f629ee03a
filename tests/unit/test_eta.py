"""The arrival estimate: each step's usual and slow times, added up from the
order's current step; late only past the slow sum and a minute's grace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pizza.domain.eta import STEPS, Estimate, StepTime, estimate, step_time

SINCE = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)


def minutes(*values: float) -> list[timedelta]:
    return [timedelta(minutes=value) for value in values]


def every_step(usual: float, slow: float) -> dict[str, StepTime]:
    time = StepTime(timedelta(minutes=usual), timedelta(minutes=slow))
    return dict.fromkeys(STEPS, time)


def test_a_step_takes_its_median_usually_and_its_ninth_decile_when_slow() -> None:
    durations = minutes(4, 5, 6, 5, 30, 5, 4, 6, 5, 5)

    time = step_time(durations)

    assert time is not None
    assert time.usual == timedelta(minutes=5)
    assert timedelta(minutes=6) < time.slow < timedelta(minutes=30)


def test_fewer_than_three_orders_through_a_step_tell_nothing() -> None:
    assert step_time(minutes(5, 6)) is None
    assert step_time(minutes(5, 6, 7)) == StepTime(
        timedelta(minutes=6), timedelta(minutes=6.8)
    )


@pytest.mark.parametrize(
    ("status", "steps_ahead"),
    [("requested", 5), ("validated", 4), ("baking", 2), ("out_for_delivery", 1)],
)
def test_the_steps_from_the_current_one_to_the_door_add_up(
    status: str, steps_ahead: int
) -> None:
    found = estimate(status, SINCE, every_step(usual=4, slow=10))

    assert found == Estimate(
        expected_at=SINCE + timedelta(minutes=4 * steps_ahead),
        late_after=SINCE + timedelta(minutes=10 * steps_ahead),
    )


@pytest.mark.parametrize("status", ["delivered", "cancelled", "rejected"])
def test_an_order_that_arrived_or_stopped_has_no_estimate(status: str) -> None:
    assert estimate(status, SINCE, every_step(usual=4, slow=10)) is None


def test_a_step_ahead_with_too_few_orders_means_no_estimate() -> None:
    times = every_step(usual=4, slow=10)
    del times["baking"]

    assert estimate("validated", SINCE, times) is None
    assert estimate("out_for_delivery", SINCE, times) is not None


def test_late_is_past_the_slow_time_and_at_least_a_minute_past_expected() -> None:
    steady = estimate("out_for_delivery", SINCE, every_step(usual=4, slow=4))
    spread = estimate("out_for_delivery", SINCE, every_step(usual=4, slow=10))
    assert steady is not None
    assert spread is not None

    expected = SINCE + timedelta(minutes=4)
    assert not steady.is_late(expected + timedelta(seconds=59))
    assert steady.is_late(expected + timedelta(seconds=61))
    assert not spread.is_late(SINCE + timedelta(minutes=9))
    assert spread.is_late(SINCE + timedelta(minutes=10, seconds=1))
