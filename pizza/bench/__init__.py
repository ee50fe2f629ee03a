"""A benchmark of the shop against what it replaces, on each persistence backend.

The machine it runs on may be shared and noisy, so absolute rates say little on
their own: every figure with a target is a ratio against a baseline measured in
the same process, in alternating runs: ``place_order`` against bare library
saves on each backend, and on the embedded default the pipeline against the
CRUD code it replaces (``embedded``), with the raw commit and read rates, the
latency at steady loads (charted) and the rebuild. Every run gets a fresh,
empty store. See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path

from pizza.bench.autopilot import autopilot_at, format_autopilot
from pizza.bench.clients import CLIENTS, format_clients, place_with_clients
from pizza.bench.embedded import format_embedded, measure_embedded
from pizza.bench.measures import MEASURES, WARMUP
from pizza.bench.results import BackendResult, format_result
from pizza.bench.scale import format_scale, measure_scale
from pizza.bench.stores import BACKENDS, fresh_store, skip_reason, sqlite_store
from pizza.bench.web import format_web, measure_web

__all__ = ["BACKENDS", "BackendResult", "run_benchmarks"]

AUTOPILOT_RATE = 100.0
AUTOPILOT_SECONDS = 20.0
SCALE_BASE = 1_000


def run_benchmarks(
    backends: Sequence[str],
    orders: int,
    repeats: int,
    *,
    seconds: float = 4.0,
    chart: Path | None = None,
    scale: int = 0,
    out: Callable[[str], None] = print,
    progress: Callable[[str], None] = print,
) -> list[BackendResult]:
    """Measures each backend in turn and prints one block of figures for each,
    then, with ``sqlite`` among them, the embedded default against CRUD (each
    steady load held ``seconds``; the load chart drawn to ``chart``, if given),
    the web, the autopilot under a steady load and, unless ``scale`` is 0, the
    reads at 1,000 orders and at ``scale``; with ``postgres``, the production
    web and 1, 8 and 32 clients placing orders.

    Each round runs the bare library saves, then ``place_order``, then the whole
    pipeline, each with ``orders`` operations; ``repeats`` rounds. A backend that
    cannot run here (PostgreSQL without ``POSTGRES_HOST``) is reported as skipped
    and left out of the results. ``progress`` hears each step as it ends.
    """
    check_arguments(backends, orders, repeats)
    if chart is not None and "sqlite" in backends:
        check_chart_can_be_drawn()
    results = []
    for backend in backends:
        reason = skip_reason(backend)
        if reason is not None:
            out(f"{backend}: skipped, {reason}")
            continue
        result = measure_backend(backend, orders, repeats, progress)
        out(format_result(result))
        results.append(result)
    if "sqlite" in backends:
        embedded = measure_embedded(orders, repeats, seconds, chart, progress)
        out(format_embedded(embedded))
        measure_web_of("embedded", seconds, out, progress)
        with sqlite_store() as env:
            autopilot = autopilot_at(env, AUTOPILOT_RATE, AUTOPILOT_SECONDS)
        progress("autopilot measured")
        out(format_autopilot(autopilot))
        if scale:
            out(format_scale(measure_scale((SCALE_BASE, scale), progress)))
    if "postgres" in backends and skip_reason("postgres") is None:
        measure_web_of("production-1", seconds, out, progress)
        with_clients = []
        for clients in CLIENTS:
            with_clients.append(place_with_clients(clients, seconds))
            progress(f"postgres, {clients} clients measured")
        out(format_clients(with_clients))
    return results


def measure_web_of(
    setup: str,
    seconds: float,
    out: Callable[[str], None],
    progress: Callable[[str], None],
) -> None:
    progress(f"web, {setup}: starting")
    result = measure_web(setup, seconds)
    progress(
        f"web, {setup}: POST {result.post_ratio:.2f}x, GET {result.get_ratio:.2f}x"
    )
    out(format_web(result))


def check_chart_can_be_drawn() -> None:
    """Fails at once, not after minutes of measuring, without matplotlib."""
    if importlib.util.find_spec("matplotlib") is None:
        raise ValueError(
            "The load chart needs matplotlib: pip install -e '.[bench]' "
            "(make install does), or leave the chart out with --chart ''"
        )


def check_arguments(backends: Sequence[str], orders: int, repeats: int) -> None:
    unknown = [backend for backend in backends if backend not in BACKENDS]
    if unknown:
        raise ValueError(f"Unknown backends {unknown}: choose from {list(BACKENDS)}")
    if orders < 1 or repeats < 1:
        raise ValueError("orders and repeats must be at least 1")


def measure_backend(
    backend: str, orders: int, repeats: int, progress: Callable[[str], None]
) -> BackendResult:
    warm_up(backend)
    runs: dict[str, list[float]] = {name: [] for name in MEASURES}
    for round_number in range(1, repeats + 1):
        for name, measure in MEASURES.items():
            with fresh_store(backend) as env:
                runs[name].append(measure(env, orders))
            step = f"{backend} round {round_number}/{repeats}"
            progress(f"{step}: {name} {runs[name][-1]:.0f}/s")
    return BackendResult.from_runs(backend, orders, runs)


def warm_up(backend: str) -> None:
    """Runs every measurement once, briefly, so that first-time costs (imports,
    caches, the server's first connections) fall outside the timed runs."""
    for measure in MEASURES.values():
        with fresh_store(backend) as env:
            measure(env, WARMUP)
