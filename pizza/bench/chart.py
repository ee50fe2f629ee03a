"""The chart of throughput and latency against offered load, as a PNG."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pizza.bench.load import LoadPoint


def draw_load_chart(points: Sequence[LoadPoint], crud: float, path: Path) -> None:
    """Two panels over offered load (orders/s): achieved orders/s beside the
    CRUD baseline, and p50/p99 place-to-visible latency."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    from matplotlib import pyplot

    offered = [point.offered for point in points]
    figure, (rates, latencies) = pyplot.subplots(1, 2, figsize=(11, 4.2))
    rates.plot(offered, [p.achieved for p in points], "o-", label="pipeline")
    rates.plot(offered, offered, ":", color="grey", label="offered")
    rates.axhline(crud, color="tab:red", linestyle="--", label="CRUD baseline")
    rates.set(
        xlabel="offered load (orders/s)",
        ylabel="achieved (orders/s)",
        title="Throughput",
    )
    rates.legend()
    latencies.plot(offered, [p.p50_ms for p in points], "o-", label="p50")
    latencies.plot(offered, [p.p99_ms for p in points], "s-", label="p99")
    latencies.set(
        xlabel="offered load (orders/s)",
        ylabel="place -> visible as validated (ms)",
        title="Latency",
        yscale="log",
    )
    latencies.legend()
    figure.suptitle("pizza bench: the embedded default (SQLite file), threaded runner")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    pyplot.close(figure)
