"""Commands that run the shop: embedded in one process, or as production's
separate processes on PostgreSQL."""

from __future__ import annotations

import signal
import tempfile
import threading
import time
from pathlib import Path

import click

from pizza.bench import BACKENDS, run_benchmarks
from pizza.cli.group import main, production_settings, shop_settings
from pizza.metrics import MULTIPROCESS_METRICS
from pizza.production.proxy import find_nginx, free_port, nginx_command, nginx_config
from pizza.production.supervisor import Child, part_commands, supervise, web_command
from pizza.production.worker import PARTS, run_parts

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
SERVER_THREADS = 32  # live pages may hold 20 (MAX_LIVE_STREAMS); the rest serve
host_option = click.option("--host", default=DEFAULT_HOST, show_default=True)
port_option = click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
workers_option = click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Web processes.",
)


@main.command()
@host_option
@port_option
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
@host_option
@port_option
@workers_option
def web(host: str, port: int, workers: int) -> None:
    """Run only the web app (production, PostgreSQL): several processes that
    write commands and read the view, running no follower."""
    from webapp.production import serve as serve_web

    serve_web(production_settings(web=True), host, port, workers)


@main.command()
@click.argument("parts", nargs=-1, required=True, type=click.Choice([*PARTS, "all"]))
def worker(parts: tuple[str, ...]) -> None:
    """Run the named parts (production, PostgreSQL) until SIGTERM or Ctrl-C:
    validation, kitchen, status, watchdog, autopilot, or all (the autopilot
    only with PIZZA_AUTOPILOT=on)."""
    settings = production_settings()
    chosen = chosen_parts(parts, autopilot=settings.autopilot)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    run_parts(chosen, settings, stopping)


@main.command()
@host_option
@port_option
@workers_option
@click.option(
    "--proxy/--no-proxy",
    default=False,
    help="Put nginx in front (recommended: it copes with slow and idle clients).",
)
def up(host: str, port: int, workers: int, proxy: bool) -> None:
    """Run the production set on this machine (PostgreSQL): the web processes
    (behind nginx with --proxy) and one process per part, each started again
    if it ends, all stopped on SIGTERM or Ctrl-C."""
    settings = production_settings(web=True)
    parts = chosen_parts(("all",), autopilot=settings.autopilot)
    children = part_commands(parts)
    if proxy:
        web_port = free_port()
        children += [web_command("127.0.0.1", web_port, workers, proxied=True)]
        children += [nginx_in_front(host, port, web_port)]
    else:
        children += [web_command(host, port, workers, proxied=False)]
    click.echo(f"Pizza shop on http://{host}:{port}/ with {', '.join(parts)}")
    # Every process writes what it measures here; /metrics adds them up.
    metrics = tempfile.mkdtemp(prefix="pizza-metrics-")
    supervise(children, {**settings.env, MULTIPROCESS_METRICS: metrics})


def nginx_in_front(host: str, port: int, web_port: int) -> Child:
    """nginx on ``host:port``, passing to the web on ``web_port``."""
    nginx = find_nginx()
    if nginx is None:
        raise click.ClickException(
            "--proxy needs nginx (Debian: apt-get install nginx-light)."
        )
    folder = Path(tempfile.mkdtemp(prefix="pizza-nginx-"))
    config = nginx_config(folder, host, port, web_port)
    return Child("nginx", nginx_command(nginx, folder, config))


def chosen_parts(names: tuple[str, ...], *, autopilot: bool) -> list[str]:
    if "all" in names:
        return [p for p in PARTS if p != "autopilot" or autopilot]
    return list(dict.fromkeys(names))


@main.command()
@click.option("--orders", default=1000, show_default=True, help="Orders per run.")
@click.option("--repeats", default=3, show_default=True, help="Runs per figure.")
@click.option(
    "--seconds", default=4.0, show_default=True, help="Per steady load (latency)."
)
@click.option(
    "--chart",
    default="docs/bench-load.png",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to draw throughput and latency against offered load ('': nowhere).",
)
@click.option(
    "--scale",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Orders for the reads at scale, against 1,000 (0: skip).",
)
@click.argument("backends", nargs=-1, type=click.Choice(BACKENDS))
def bench(
    orders: int,
    repeats: int,
    seconds: float,
    chart: str,
    scale: int,
    backends: tuple[str, ...],
) -> None:
    """Measure throughput on each backend (default: all; postgres needs
    POSTGRES_*), and the embedded default against CRUD, with its latency
    under steady loads (charted), its rebuild, the web, the autopilot and
    reads at scale; on postgres, 1, 8 and 32 clients. Progress goes to stderr."""
    started = time.monotonic()

    def progress(step: str) -> None:
        click.echo(f"[{time.monotonic() - started:6.1f} s] {step}", err=True)

    try:
        run_benchmarks(
            backends or BACKENDS,
            orders,
            repeats,
            seconds=seconds,
            chart=Path(chart) if chart else None,
            scale=scale,
            out=click.echo,
            progress=progress,
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from None


@main.command("bench-http")
@click.option("--seconds", default=10.0, show_default=True, help="Per measurement.")
@click.argument("parts", nargs=-1, type=click.Choice(["clients", "live-pages"]))
def bench_http(seconds: float, parts: tuple[str, ...]) -> None:
    """HTTP clients against the embedded shop and production, and a thousand
    live pages (default: both; needs POSTGRES_* for a server where it may
    create databases, and nginx)."""
    from pizza.bench.http import (
        HTTP_SETUPS,
        run_http_benchmark,
        run_live_pages_benchmark,
    )

    if "clients" in parts or not parts:
        run_http_benchmark(seconds, HTTP_SETUPS, out=click.echo)
    if "live-pages" in parts or not parts:
        run_live_pages_benchmark(seconds, out=click.echo)
