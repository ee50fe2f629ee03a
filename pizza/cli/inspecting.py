"""Commands that read the log: an order's history, each part's state, an event
as stored, and rebuilding the view."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import click
from eventsourcing.application import Application

from pizza.as_of import order_as_of, parse_as_of
from pizza.cli.group import main, shop_settings
from pizza.domain.menu import CURRENCY
from pizza.history import order_history
from pizza.infrastructure.health import follower_lags, stuck_events
from pizza.infrastructure.parking import StuckEvent
from pizza.infrastructure.postgres import holders
from pizza.infrastructure.storage import KeepsPositionInMemory
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.production.worker import FOLLOWERS
from pizza.rebuild import SHOWN_DIFFERENCES, RebuildError, rebuild_view
from pizza.settings import POSTGRES_MODULE
from pizza.system import PizzaSystem
from pizza.validation import Validation

LOGS_OF_ORDERS = (Orders, Validation, Kitchen)


@contextmanager
def opened_system(env: Mapping[str, str]) -> Iterator[dict[str, Application[Any]]]:
    """Every application of the shop, built from ``env``, following nothing."""
    system = PizzaSystem(autopilot=True)
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(system.get_app_cls(name)(env=dict(env)))
            for name in system.nodes
        }


@main.command()
@click.argument("order_id", type=click.UUID)
@click.option(
    "--at",
    "at",
    metavar="STEP|TIME",
    help="Show the order as it stood after that step (1, 2, ...) or at that "
    "moment (ISO 8601; UTC unless it says otherwise).",
)
def history(order_id: UUID, at: str | None) -> None:
    """Print an order's timeline, read from the event log; with --at, the
    order as it stood then, rebuilt from its events up to that point."""
    as_of = None
    if at is not None:
        try:
            as_of = parse_as_of(at)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--at") from None
    env = shop_settings().env
    with (
        Orders(env=dict(env)) as orders,
        Validation(env=dict(env)) as validation,
        Kitchen(env=dict(env)) as kitchen,
    ):
        logs = (orders, validation, kitchen)
        if as_of is not None:
            echo_as_of(order_as_of(logs, order_id, as_of), order_id, at or "")
            return
        entries = order_history(logs, order_id)
    if not entries:
        raise click.ClickException(f"There is no order {order_id}.")
    for number, entry in enumerate(entries, 1):
        echo_step(number, entry.at, entry.application, entry.what, entry.detail)


def echo_as_of(order: dict[str, Any] | None, order_id: UUID, at: str) -> None:
    if order is None:
        raise click.ClickException(f"There was no order {order_id} at {at}.")
    total = "-" if order["total"] is None else f"{CURRENCY}{order['total']}"
    click.echo(f"Order {order_id} as of step {order['step']} of {order['steps']}:")
    click.echo(
        f"  status   {order['status']}{' (delayed)' if order['delayed'] else ''}"
    )
    click.echo(f"  total    {total}")
    click.echo(f"  pizzas   {len(order['pizzas'])}")
    for reason in order["reasons"]:
        click.echo(f"  reason   {reason}")
    for number, step in enumerate(order["timeline"], 1):
        echo_step(
            number, step["at"], step["application"], step["event"], step["detail"]
        )


def echo_step(
    number: int, at: datetime, application: str, what: str, detail: str
) -> None:
    """One line of an order's history: its step, when, where, what."""
    at_time = at.strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    click.echo(f"{number:>2}  {at_time}  {application:<10}  {what:<9}  {detail}")


@main.command()
def status() -> None:
    """Print each part: running or not, where it is in each leader's log, how
    far behind (events and seconds), and any event it is stuck at."""
    settings = shop_settings()
    running = running_parts(settings.env)
    now = datetime.now(tz=UTC)
    system = PizzaSystem(autopilot=True)
    with opened_system(settings.env) as apps:
        lags = follower_lags(system, apps)
        stuck = {(s.follower, s.leader): s for s in stuck_events(system, apps)}
    for part, cls in FOLLOWERS.items():
        state = (
            "unknown (embedded)"
            if running is None
            else ("running" if part in running else "NOT RUNNING")
        )
        click.echo(f"{part}: {state}")
        if issubclass(cls, KeepsPositionInMemory):
            continue  # its position is in memory, by design
        for lag in (lag for lag in lags if lag.follower == cls.name):
            behind = f"{lag.behind} events, {lag.seconds_behind(now):.1f} s behind"
            click.echo(
                f"  {lag.leader}: at {lag.processed} of {lag.recorded} ({behind})"
            )
            if found := stuck.get((lag.follower, lag.leader)):
                click.echo(f"    {describe_stuck(found)}")


def running_parts(env: Mapping[str, str]) -> set[str] | None:
    """The parts some process runs now, in production; None when embedded
    (there the parts are threads of the one process)."""
    if env.get("PERSISTENCE_MODULE") != POSTGRES_MODULE:
        return None
    return holders(env, [*FOLLOWERS, "watchdog"])


def describe_stuck(stuck: StuckEvent) -> str:
    state = "PARKED" if stuck.is_parked else "retrying"
    return (
        f"{state} at notification {stuck.notification_id} since "
        f"{stuck.first_failed_at:%Y-%m-%d %H:%M:%S} UTC, {stuck.attempts} tries, "
        f"next at {stuck.retry_at:%H:%M:%S}: {stuck.error}"
    )


@main.group()
def events() -> None:
    """Read events as the log holds them."""


@events.command("show")
@click.argument("app", type=click.Choice([cls.name for cls in LOGS_OF_ORDERS]))
@click.argument("notification_id", type=click.IntRange(min=1))
def show_event(app: str, notification_id: int) -> None:
    """Print the event at NOTIFICATION_ID in APP's log (as /health, pizza
    status and the log lines of a stuck part name it)."""
    [cls] = [cls for cls in LOGS_OF_ORDERS if cls.name == app]
    with cls(env=dict(shop_settings().env)) as application:
        found = application.recorder.select_notifications(
            start=notification_id, limit=1
        )
        if not found or found[0].id != notification_id:
            raise click.ClickException(f"{app} has no notification {notification_id}.")
        notification = found[0]
        click.echo(f"{app} notification {notification.id}: {notification.topic}")
        click.echo(
            f"  aggregate {notification.originator_id} version "
            f"{notification.originator_version}"
        )
        try:
            event = application.mapper.to_domain_event(notification)
        except Exception as error:
            click.echo(f"  cannot be read: {error}")
            click.echo(f"  stored state: {notification.state!r}")
            return
    for name, value in vars(event).items():
        click.echo(f"  {name}: {value!r}")


@main.command()
@click.argument("view", required=False, default="status", type=click.Choice(["status"]))
@click.option(
    "--verify",
    is_flag=True,
    help="Compare a rebuilt copy with the live view, row by row, and change "
    "nothing; exit 1 if they differ.",
)
def rebuild(view: str, verify: bool) -> None:
    """Rebuild VIEW (the order status view, the one there is) from the event
    log, beside the live one, while the shop serves; then swap it in (or, with
    --verify, compare)."""
    env = shop_settings().env
    # A line per section would drown the progress bar.
    logging.getLogger("pizza.infrastructure.followers").setLevel(logging.WARNING)
    with ExitStack() as stack:
        bars: list[Any] = []
        started = time.monotonic()

        def total(events: int) -> None:
            bar = click.progressbar(
                length=events,
                label="Reading the log",
                show_pos=True,
                show_eta=True,
                item_show_func=lambda shown: shown,
            )
            bars.append(stack.enter_context(bar))

        def progress(events: int) -> None:
            bar = bars[0]
            per_second = (bar.pos + events) / max(time.monotonic() - started, 1e-9)
            bar.update(events, current_item=f"{per_second:.0f} events/s")

        try:
            rebuilt = rebuild_view(env, verify=verify, total=total, progress=progress)
        except RebuildError as error:
            raise click.ClickException(str(error)) from None
    summary = ", ".join(f"{n} {name}" for name, n in sorted(rebuilt.counts.items()))
    click.echo(
        f"Read {rebuilt.events} events in {rebuilt.seconds:.1f} s "
        f"({rebuilt.events / max(rebuilt.seconds, 1e-9):.0f} events/s); the live "
        f"view was locked {rebuilt.locked_seconds * 1000:.0f} ms."
    )
    if not verify:
        click.echo(f"Rebuilt the order status view: {summary or 'no orders'}.")
        return
    if not rebuilt.differences:
        click.echo(f"The live view equals the rebuilt one: {summary or 'no orders'}.")
        return
    for line in rebuilt.differences[:SHOWN_DIFFERENCES]:
        click.echo(line)
    more = len(rebuilt.differences) - SHOWN_DIFFERENCES
    if more > 0:
        click.echo(f"... and {more} more.")
    raise SystemExit(1)
