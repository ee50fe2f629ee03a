"""The ``pizza`` command line: run the shop and inspect its history."""

from __future__ import annotations

import warnings
from uuid import UUID

import click
from sqlalchemy.exc import SAWarning

from pizza.accounts import Accounts
from pizza.bench import BACKENDS, run_benchmarks
from pizza.domain.signup import SignupError
from pizza.history import order_history
from pizza.kitchen import Kitchen
from pizza.orders import Orders
from pizza.settings import Settings, SettingsError, load_settings
from pizza.status import OrderStatus
from pizza.system import PizzaSystem
from pizza.validation import Validation

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
SERVER_THREADS = 32  # live pages may hold 20 (MAX_LIVE_STREAMS); the rest serve
SIMILAR_CLASS_NAMES = "This declarative base already contains a class"


@click.group()
def main() -> None:
    """Run and inspect the pizza shop.

    Storage comes from the eventsourcing library's environment variables
    (PERSISTENCE_MODULE, SQLALCHEMY_URL, POSTGRES_*); by default a SQLite file
    in ./data (PIZZA_DATA_DIR).
    """
    # eventsourcing_sqlalchemy gives every tracking record class the same name.
    warnings.filterwarnings("ignore", SIMILAR_CLASS_NAMES, SAWarning)


def shop_settings() -> Settings:
    """The settings of this process; a wrong one stops the command at once,
    naming the variable and what it accepts."""
    try:
        return load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


@main.command()
@click.argument("order_id", type=click.UUID)
def history(order_id: UUID) -> None:
    """Print an order's timeline, read from the event log."""
    env = shop_settings().env
    with (
        Orders(env=env) as orders,
        Validation(env=env) as validation,
        Kitchen(env=env) as kitchen,
    ):
        entries = order_history((orders, validation, kitchen), order_id)
    if not entries:
        raise click.ClickException(f"There is no order {order_id}.")
    for entry in entries:
        at = entry.at.strftime("%Y-%m-%d %H:%M:%S.%f %Z")
        click.echo(f"{at}  {entry.application:<10}  {entry.what:<9}  {entry.detail}")


@main.command()
def rebuild() -> None:
    """Rebuild the order status view from the event log (stop the shop first)."""
    env = shop_settings().env
    system = PizzaSystem()
    with OrderStatus(env=env) as status:
        status.recorder.clear()
        for leader_name in system.follows[status.name]:
            with system.get_app_cls(leader_name)(env=env) as leader:
                status.follow(leader_name, leader.notification_log)
        counts = status.count_by_status()
    summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
    click.echo(f"Rebuilt the order status view: {summary or 'no orders'}.")


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the shop: the web app and the whole pipeline, in one process."""
    from waitress import serve as serve_wsgi

    from pizza.system import start_threaded
    from webapp import create_app

    settings = shop_settings()
    runner = start_threaded(settings)
    try:
        click.echo(f"Pizza shop on http://{host}:{port}/  (Ctrl+C stops it)")
        app = create_app(settings=settings, runner=runner)
        serve_wsgi(app, host=host, port=port, threads=SERVER_THREADS)
    finally:
        runner.stop()


@main.command()
@click.option("--orders", default=1000, show_default=True, help="Orders per run.")
@click.option("--repeats", default=3, show_default=True, help="Runs per figure.")
@click.argument("backends", nargs=-1, type=click.Choice(BACKENDS))
def bench(orders: int, repeats: int, backends: tuple[str, ...]) -> None:
    """Measure throughput on each backend (default: all; postgres needs POSTGRES_*)."""
    run_benchmarks(backends or BACKENDS, orders, repeats, out=click.echo)


@main.group()
def staff() -> None:
    """Manage the staff who work the kitchen's board (/kitchen)."""


@staff.command("create")
@click.option("--name", required=True, help="The staff member's name.")
@click.option("--email", required=True, help="Their login.")
@click.password_option(help="Asked for twice, hidden, when not given.")
def create_staff(name: str, email: str, password: str) -> None:
    """Create a staff account."""
    with Accounts(env=shop_settings().env) as accounts:
        try:
            accounts.register(name, email, password, "", "", staff=True)
        except SignupError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{email} can now log in and work the kitchen's board.")


@staff.command("grant")
@click.argument("email")
def grant_staff(email: str) -> None:
    """Let an existing account work the kitchen's board."""
    with Accounts(env=shop_settings().env) as accounts:
        if accounts.make_staff(email) is None:
            raise click.ClickException(f"There is no account for {email}.")
    click.echo(f"{email} can now work the kitchen's board.")
