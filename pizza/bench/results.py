"""The figures of one backend, and how they are printed."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from pizza.bench.stores import DESCRIPTIONS

PLACE_TO_BARE_TARGET = 0.8
"""``place_order`` may cost at most a fifth more than a bare library save."""

PIPELINE_TARGET = 300.0
"""Orders per second through the whole system on the embedded default."""

PIPELINE_TARGET_BACKEND = "sqlite"


@dataclass(frozen=True)
class BackendResult:
    """Medians of one backend's runs (rates per second), and each run's rates.

    ``place_to_bare`` is the median of each round's place/bare ratio: the two
    runs of a round are next to each other in time, so noise hits both alike.
    """

    backend: str
    orders: int
    repeats: int
    bare_saves_per_s: float
    place_orders_per_s: float
    place_to_bare: float
    pipeline_orders_per_s: float
    bare_runs: tuple[float, ...]
    place_runs: tuple[float, ...]
    pipeline_runs: tuple[float, ...]
    ratio_runs: tuple[float, ...]

    @classmethod
    def from_runs(
        cls, backend: str, orders: int, runs: dict[str, list[float]]
    ) -> BackendResult:
        bare, place, pipeline = runs["bare"], runs["place"], runs["pipeline"]
        ratios = [p / b for p, b in zip(place, bare, strict=True)]
        return cls(
            backend=backend,
            orders=orders,
            repeats=len(bare),
            bare_saves_per_s=median(bare),
            place_orders_per_s=median(place),
            place_to_bare=median(ratios),
            pipeline_orders_per_s=median(pipeline),
            bare_runs=tuple(bare),
            place_runs=tuple(place),
            pipeline_runs=tuple(pipeline),
            ratio_runs=tuple(ratios),
        )

    @property
    def place_target_met(self) -> bool:
        return self.place_to_bare >= PLACE_TO_BARE_TARGET

    @property
    def pipeline_target_met(self) -> bool | None:
        """Whether the pipeline is fast enough; None where there is no target."""
        if self.backend != PIPELINE_TARGET_BACKEND:
            return None
        return self.pipeline_orders_per_s >= PIPELINE_TARGET


def format_result(result: BackendResult) -> str:
    """One block of figures: a heading, then one line per measurement."""
    place_met = verdict(result.place_target_met)
    pipeline_met = result.pipeline_target_met
    pipeline_note = (
        ""
        if pipeline_met is None
        else f"target >= {PIPELINE_TARGET:.0f}: {verdict(pipeline_met)}"
    )
    lines = [
        f"{result.backend}: {DESCRIPTIONS[result.backend]}; {result.orders} "
        f"per run, medians of {result.repeats} runs",
        figure("bare saves", result.bare_saves_per_s, "saves/s", result.bare_runs),
        figure("place_order", result.place_orders_per_s, "orders/s", result.place_runs),
        figure(
            "place / bare",
            result.place_to_bare,
            "",
            result.ratio_runs,
            f"target >= {PLACE_TO_BARE_TARGET}: {place_met}",
            digits=2,
        ),
        figure(
            "pipeline",
            result.pipeline_orders_per_s,
            "orders/s",
            result.pipeline_runs,
            pipeline_note,
        ),
    ]
    return "\n".join(line.rstrip() for line in lines)


def figure(
    name: str,
    value: float,
    unit: str,
    runs: tuple[float, ...],
    note: str = "",
    digits: int = 0,
) -> str:
    each = " ".join(f"{run:.{digits}f}" for run in runs)
    return f"  {name:<12} {value:>8.{digits}f} {unit:<9} {note:<22} runs: {each}"


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"
