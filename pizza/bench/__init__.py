"""A benchmark of the shop against the bare library, on each persistence backend.

The machine it runs on may be shared and noisy, so absolute rates say little on
their own: ``place_order`` is judged against bare library saves measured in the
same process, on the same kind of store, in alternating runs. Every run gets a
fresh, empty store. See ``docs/benchmarks.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pizza.bench.measures import MEASURES, WARMUP
from pizza.bench.results import BackendResult, format_result
from pizza.bench.stores import BACKENDS, fresh_store, skip_reason

__all__ = ["BACKENDS", "BackendResult", "run_benchmarks"]


def run_benchmarks(
    backends: Sequence[str],
    orders: int,
    repeats: int,
    out: Callable[[str], None] = print,
) -> list[BackendResult]:
    """Measures each backend in turn and prints one block of figures for each.

    Each round runs the bare library saves, then ``place_order``, then the whole
    pipeline, each with ``orders`` operations; ``repeats`` rounds. A backend that
    cannot run here (PostgreSQL without ``POSTGRES_HOST``) is reported as skipped
    and left out of the results.
    """
    check_arguments(backends, orders, repeats)
    results = []
    for backend in backends:
        reason = skip_reason(backend)
        if reason is not None:
            out(f"{backend}: skipped, {reason}")
            continue
        result = measure_backend(backend, orders, repeats)
        out(format_result(result))
        results.append(result)
    return results


def check_arguments(backends: Sequence[str], orders: int, repeats: int) -> None:
    unknown = [backend for backend in backends if backend not in BACKENDS]
    if unknown:
        raise ValueError(f"Unknown backends {unknown}: choose from {list(BACKENDS)}")
    if orders < 1 or repeats < 1:
        raise ValueError("orders and repeats must be at least 1")


def measure_backend(backend: str, orders: int, repeats: int) -> BackendResult:
    warm_up(backend)
    runs: dict[str, list[float]] = {name: [] for name in MEASURES}
    for _ in range(repeats):
        for name, measure in MEASURES.items():
            with fresh_store(backend) as env:
                runs[name].append(measure(env, orders))
    return BackendResult.from_runs(backend, orders, runs)


def warm_up(backend: str) -> None:
    """Runs every measurement once, briefly, so that first-time costs (imports,
    caches, the server's first connections) fall outside the timed runs."""
    for measure in MEASURES.values():
        with fresh_store(backend) as env:
            measure(env, WARMUP)
