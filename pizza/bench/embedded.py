"""The embedded default (a SQLite file) against what it replaces, in one run.

Each round measures, on fresh files, the CRUD baseline, the pipeline under the
single-threaded runner (one order at a time, each read back as validated) and
under the threaded runner; the raw commit and read rates come from the same
run. Then the pipeline runs at steady loads around its measured peak for the
latency curve, and the view is rebuilt from a log of delivered orders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from pizza.bench.baselines import commit_rate, crud_rate, read_rate
from pizza.bench.chart import draw_load_chart
from pizza.bench.load import LoadPoint, load_point
from pizza.bench.measures import PIZZA, pipeline_rate, single_threaded_rate
from pizza.bench.rebuild import measure_rebuild
from pizza.bench.results import verdict
from pizza.bench.stores import plain_sqlite_url, sqlite_store

LOADS = (0.25, 0.5, 0.75, 1.0, 1.25)
"""Steady loads for the latency curve, as fractions of the measured peak."""

THREADED_TARGET = 0.6
SINGLE_TARGET = 0.25
HALF_PEAK_P50_MS = 10.0
HALF_PEAK_P99_MS = 50.0
REBUILD_TARGET = 25_000.0

Progress = Callable[[str], None]


@dataclass(frozen=True)
class EmbeddedResult:
    """Medians over the rounds (per second), and the load curve."""

    orders: int
    repeats: int
    crud: float
    single: float
    threaded: float
    single_ratio: float
    threaded_ratio: float
    commits: float
    reads: float
    load: tuple[LoadPoint, ...]
    rebuild: float
    rebuild_locked_ms: float

    @property
    def half_peak(self) -> LoadPoint:
        return self.load[LOADS.index(0.5)]


def measure_embedded(
    orders: int, repeats: int, seconds: float, chart: Path | None, progress: Progress
) -> EmbeddedResult:
    runs: dict[str, list[float]] = {"crud": [], "single": [], "threaded": []}
    for round_number in range(1, repeats + 1):
        step = f"embedded round {round_number}/{repeats}"
        with plain_sqlite_url() as url:
            runs["crud"].append(crud_rate(url, orders, PIZZA))
        progress(f"{step}: CRUD {runs['crud'][-1]:.0f} orders/s")
        with sqlite_store() as env:
            runs["single"].append(single_threaded_rate(env, orders))
        progress(f"{step}: single-threaded {runs['single'][-1]:.0f} orders/s")
        with sqlite_store() as env:
            runs["threaded"].append(pipeline_rate(env, orders))
        progress(f"{step}: threaded {runs['threaded'][-1]:.0f} orders/s")
    with plain_sqlite_url() as url:
        commits = commit_rate(url, orders)
    with plain_sqlite_url() as url:
        reads = read_rate(url, orders * 20)
    progress(f"raw SQLite: {commits:.0f} commits/s, {reads:.0f} rows read/s")
    peak = median(runs["threaded"])
    points = []
    for fraction in LOADS:
        with sqlite_store() as env:
            point = load_point(env, peak * fraction, seconds)
        points.append(point)
        progress(
            f"steady load {point.offered:.0f} orders/s: {point.achieved:.0f} "
            f"achieved, p50 {point.p50_ms:.1f} ms, p99 {point.p99_ms:.1f} ms"
        )
    crud = median(runs["crud"])
    if chart is not None:
        draw_load_chart(points, crud, chart)
        progress(f"chart written to {chart}")
    with sqlite_store() as env:
        rebuilt = measure_rebuild(env, orders)
    rebuild = rebuilt.steps / rebuilt.seconds
    progress(f"rebuild: {rebuild:.0f} view events/s")
    return EmbeddedResult(
        orders=orders,
        repeats=repeats,
        crud=crud,
        single=median(runs["single"]),
        threaded=peak,
        single_ratio=median(
            s / c for s, c in zip(runs["single"], runs["crud"], strict=True)
        ),
        threaded_ratio=median(
            t / c for t, c in zip(runs["threaded"], runs["crud"], strict=True)
        ),
        commits=commits,
        reads=reads,
        load=tuple(points),
        rebuild=rebuild,
        rebuild_locked_ms=rebuilt.locked_seconds * 1000,
    )


def format_embedded(result: EmbeddedResult) -> str:
    half = result.half_peak
    half_met = half.p50_ms <= HALF_PEAK_P50_MS and half.p99_ms <= HALF_PEAK_P99_MS
    lines = [
        f"sqlite against CRUD: {result.orders} orders per run, medians of "
        f"{result.repeats} rounds",
        f"  CRUD baseline      {result.crud:>8.0f} orders/s",
        f"  raw commits        {result.commits:>8.0f} commits/s",
        f"  raw reads          {result.reads:>8.0f} rows/s",
        f"  single-threaded    {result.single:>8.0f} orders/s  "
        f"{result.single_ratio:.2f}x CRUD  target >= {SINGLE_TARGET}: "
        f"{verdict(result.single_ratio >= SINGLE_TARGET)}",
        f"  threaded           {result.threaded:>8.0f} orders/s  "
        f"{result.threaded_ratio:.2f}x CRUD  target >= {THREADED_TARGET}: "
        f"{verdict(result.threaded_ratio >= THREADED_TARGET)}",
        "  steady load (orders/s offered -> achieved, place -> visible p50 / p99):",
        *(
            f"    {p.offered:>6.0f} -> {p.achieved:>6.0f}   "
            f"{p.p50_ms:>8.1f} ms / {p.p99_ms:>8.1f} ms"
            for p in result.load
        ),
        f"  at half the peak: target p50 <= {HALF_PEAK_P50_MS:.0f} ms, p99 <= "
        f"{HALF_PEAK_P99_MS:.0f} ms: {verdict(half_met)}",
        f"  rebuild            {result.rebuild:>8.0f} view events/s  target >= "
        f"{REBUILD_TARGET:.0f}: {verdict(result.rebuild >= REBUILD_TARGET)}",
        f"    the live view locked for the swap: {result.rebuild_locked_ms:.0f} ms",
    ]
    return "\n".join(lines)
