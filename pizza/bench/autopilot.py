"""The autopilot under a steady load: does it keep up, and does its memory stay
bounded?

The shop runs as the embedded server runs it (``start_threaded``), with the
autopilot on and each stage's delay ``DELAY`` seconds. Orders are placed at a
steady ``rate`` for ``seconds``; every second the view's count of orders in
each waiting stage is sampled. Keeping up means the stages' backlogs at the
end are no larger than in the middle (within ``SLACK``) and delivered orders
come out at the rate they go in; the autopilot's memory is the number of
orders it keeps a stage for (``Moves.stage_now``) and its planned moves.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from time import perf_counter

from pizza.autopilot import Autopilot
from pizza.bench.measures import place_order
from pizza.domain.ticket import WAITING_STAGES
from pizza.orders import Orders
from pizza.settings import Settings
from pizza.status import OrderStatus
from pizza.system import start_threaded

DELAY = 0.5
SLACK = 1.5
"""A stage's backlog at the end may be this many times its mid-run size."""


@dataclass(frozen=True)
class AutopilotResult:
    rate: float
    seconds: float
    delivered_per_s: float
    mid_backlog: int
    end_backlog: int
    remembered: int
    planned: int

    @property
    def keeps_up(self) -> bool:
        return self.end_backlog <= max(self.mid_backlog * SLACK, self.rate * DELAY)


def autopilot_at(env: dict[str, str], rate: float, seconds: float) -> AutopilotResult:
    delays = ",".join([str(DELAY)] * len(WAITING_STAGES))
    settings = Settings.from_environ(
        {**env, "PIZZA_AUTOPILOT": "on", "AUTOPILOT_DELAYS": delays}
    )
    runner = start_threaded(settings)
    try:
        orders, status = runner.get(Orders), runner.get(OrderStatus)
        count = round(rate * seconds)
        backlogs: list[int] = []
        delivered: list[tuple[float, int]] = []
        start = perf_counter()
        next_sample = start + 1
        for number in range(count):
            pause = start + number / rate - perf_counter()
            if pause > 0:
                time.sleep(pause)  # the load's timetable, not a wait for work
            place_order(orders, number)
            if perf_counter() >= next_sample:
                counts = status.count_by_status()
                backlogs.append(sum(counts.get(s, 0) for s in WAITING_STAGES))
                delivered.append((perf_counter(), counts.get("delivered", 0)))
                next_sample += 1
        moves = runner.get(Autopilot).moves
        half = len(delivered) // 2
        (t0, d0), (t1, d1) = delivered[half], delivered[-1]
        return AutopilotResult(
            rate=rate,
            seconds=seconds,
            delivered_per_s=(d1 - d0) / (t1 - t0),
            mid_backlog=backlogs[half],
            end_backlog=backlogs[-1],
            remembered=len(moves.stage_now),
            planned=len(moves.due),
        )
    finally:
        runner.stop()


def format_autopilot(result: AutopilotResult) -> str:
    met = "met" if result.keeps_up else "MISSED"
    return "\n".join(
        [
            f"autopilot at {result.rate:.0f} orders/s for {result.seconds:.0f} s "
            f"(each stage {DELAY} s):",
            f"  delivered in the second half  {result.delivered_per_s:6.0f} orders/s",
            f"  waiting in the kitchen, mid-run {result.mid_backlog}, at the end "
            f"{result.end_backlog}: keeps up: {met}",
            f"  memory: stages of {result.remembered} orders in flight, "
            f"{result.planned} planned moves",
        ]
    )
