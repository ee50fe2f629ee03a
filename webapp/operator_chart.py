"""The operator page's chart: how many orders reached each status, hour by
hour, over the last day, drawn server-side as SVG (matplotlib), kept a
little while since every operator's page asks for the same picture."""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from time import monotonic

from pizza.status import STATUSES

HOURS = 24
KEEP_SECONDS = 30.0
SHOWN = STATUSES[1:]
"""The statuses drawn (all but ``requested``), in the order an order reaches
them (each a colour)."""


def hourly(
    steps: Iterable[tuple[str, datetime]], now: datetime
) -> tuple[list[datetime], dict[str, list[int]]]:
    """Each hour of the last ``HOURS`` (their starts), and for each status how
    many orders reached it in each."""
    first = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=HOURS - 1)
    hours = [first + timedelta(hours=n) for n in range(HOURS)]
    counts: Counter[tuple[str, int]] = Counter()
    for status, at in steps:
        index = int((at - first).total_seconds() // 3600)
        if status in SHOWN and 0 <= index < HOURS:
            counts[status, index] += 1
    return hours, {s: [counts[s, n] for n in range(HOURS)] for s in SHOWN}


def chart_svg(steps: Iterable[tuple[str, datetime]], now: datetime) -> bytes:
    """The chart as an SVG document."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    from matplotlib import pyplot
    from matplotlib.ticker import MaxNLocator

    hours, counts = hourly(steps, now)
    figure, axes = pyplot.subplots(figsize=(9, 3.2))
    for status, per_hour in counts.items():
        if any(per_hour):
            axes.plot(range(HOURS), per_hour, marker="o", markersize=3, label=status)
    ticks = range(0, HOURS, 3)
    axes.set_xticks(ticks, labels=[f"{hours[n]:%H:%M}" for n in ticks])
    axes.set(ylabel="orders", title="Orders reaching each status, per hour (UTC)")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize="small", ncols=4)
    figure.tight_layout()
    picture = io.BytesIO()
    figure.savefig(picture, format="svg")
    pyplot.close(figure)
    return picture.getvalue()


class KeptChart:
    """The chart, drawn again at most every ``KEEP_SECONDS`` in a process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: tuple[float, bytes] | None = None

    def get(self, draw: Callable[[], bytes]) -> bytes:
        with self.lock:
            if self.kept is None or monotonic() - self.kept[0] > KEEP_SECONDS:
                self.kept = (monotonic(), draw())
            return self.kept[1]
