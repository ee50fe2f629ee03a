"""HTTP clients against the running shop, as its customers would load it.

Each setup is started as its own processes on a fresh store: the embedded
``pizza serve`` (SQLite), and production's ``pizza up --proxy`` (PostgreSQL,
behind nginx) with one and with two web processes. For each number of clients
it measures, in turns, ``GET /api/menu`` (the baseline: no database) and ``POST
/api/orders``, whose answer (201) comes once the view shows the order, so its
latency is the time from placing an order to seeing it. Then, with four web
processes, it opens a thousand live order pages and measures the baseline again
while they are open. See ``docs/benchmarks.md``.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from statistics import quantiles

from pizza.accounts import Accounts
from pizza.bench.stores import postgres_store, sqlite_store
from pizza.production.proxy import free_port

CLIENTS = (1, 8, 32)
HTTP_SETUPS = ("embedded", "production-1", "production-2")
LIVE_PAGES = 1000
PASSWORD = "correct horse"
PIZZA = {"sauce": "Tomato", "cheese": "Mozzarella", "main_topping": "Ham"}
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUICK = {"PASSWORD_HASHING": "CHEAPEST", "PIZZA_AUTOPILOT": "off"}


@dataclass(frozen=True)
class Rate:
    """What ``clients`` clients got in ``seconds``: answers per second,
    latency percentiles (ms) and how many answers were not 2xx."""

    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int

    def __str__(self) -> str:
        return (
            f"{self.per_second:8.1f}/s  p50 {self.p50_ms:6.1f} ms  "
            f"p99 {self.p99_ms:7.1f} ms  errors {self.errors}"
        )


def measure(request: Callable[[], int], clients: int, seconds: float) -> Rate:
    """Runs ``request`` (which returns an HTTP status) from ``clients``
    threads, each one request after another, for ``seconds``."""
    deadline = time.monotonic() + seconds

    def client() -> list[tuple[int, float]]:
        done = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            done.append((request(), time.perf_counter() - started))
        return done

    with ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(client) for _ in range(clients)]
        results = [result for future in futures for result in future.result()]
    latencies = sorted(seconds * 1000 for _, seconds in results)
    cuts = quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    errors = sum(not 200 <= status < 300 for status, _ in results)
    return Rate(len(results) / seconds, cuts[49], cuts[98], errors)


def status_of(request: urllib.request.Request | str, timeout: float = 30) -> int:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@contextmanager
def shop_process(args: Sequence[str], env: Mapping[str, str]) -> Iterator[str]:
    """``pizza ARGS`` on a free port until the block ends; yields its URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "pizza", *args, "--port", str(port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while status_of(f"{base}/health", timeout=2) != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"pizza {' '.join(args)} did not start")
            time.sleep(0.2)  # a server starting; nothing to wait on
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


@contextmanager
def setup(name: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The named setup, running on a fresh store: its URL and its env."""
    if name == "embedded":
        with sqlite_store() as env:
            env = {**env, **QUICK}
            with shop_process(["serve"], env) as base:
                yield base, env
        return
    workers = name.rsplit("-", 1)[1]
    with postgres_store() as env:
        env = {**env, **QUICK, "PIZZA_SECRET_KEY": "benchmark-secret-key-0123"}
        with shop_process(["up", "--proxy", "--workers", workers], env) as base:
            yield base, env


def token_for(base: str, env: Mapping[str, str], email: str) -> str:
    """A new customer with this email, and a bearer token for them."""
    with Accounts(env=dict(env)) as accounts:
        accounts.register("Bench", email, PASSWORD, "1 Main St", "+44 20 7946 0000")
    return bearer_token(base, email)


def bearer_token(base: str, email: str) -> str:
    """A bearer token for the customer with this email (and ``PASSWORD``)."""
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{base}/api/tokens", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        token: str = json.load(response)["token"]
        return token


def menu_reader(base: str) -> Callable[[], int]:
    return lambda: status_of(f"{base}/api/menu")


def order_request(base: str, token: str) -> urllib.request.Request:
    return urllib.request.Request(
        f"{base}/api/orders",
        data=json.dumps({"pizzas": [PIZZA]}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        },
    )


def order_placer(base: str, token: str) -> Callable[[], int]:
    return lambda: status_of(order_request(base, token))


def run_http_benchmark(
    seconds: float, setups: Sequence[str], out: Callable[[str], None] = print
) -> None:
    """Prints, for each setup and number of clients, the baseline and orders."""
    for name in setups:
        with setup(name) as (base, env):
            token = token_for(base, env, "bench@example.com")
            for clients in CLIENTS:
                baseline = measure(menu_reader(base), clients, seconds)
                orders = measure(order_placer(base, token), clients, seconds)
                ratio = orders.per_second / baseline.per_second
                out(f"{name} {clients:2} clients  menu   {baseline}")
                out(f"{name} {clients:2} clients  orders {orders}  / menu {ratio:.3f}")


def run_live_pages_benchmark(
    seconds: float, out: Callable[[str], None] = print
) -> None:
    """Opens a thousand live order pages on one machine (four web processes
    behind nginx) and measures the baseline with and without them."""
    with setup("production-4") as (base, env):
        cookie, order_id = logged_in_customer(base, env)
        before = measure(menu_reader(base), 8, seconds)
        pages = list(open_live_pages(base, cookie, order_id))
        try:
            opened = sum(status == 200 for status, _ in pages)
            during = measure(menu_reader(base), 8, seconds)
        finally:
            for _, page in pages:
                page.close()
    ratio = during.per_second / before.per_second
    out(f"live pages open: {opened} of {LIVE_PAGES}")
    out(f"menu, 8 clients, no live pages: {before}")
    out(f"menu, 8 clients, {opened} live pages: {during}  / before {ratio:.2f}")


def logged_in_customer(base: str, env: Mapping[str, str]) -> tuple[str, str]:
    """A customer's session cookie, and an order of theirs in the view."""
    token = token_for(base, env, "live@example.com")
    with urllib.request.urlopen(order_request(base, token), timeout=30) as response:
        order_id: str = json.load(response)["id"]
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = browser.open(f"{base}/login", timeout=30).read().decode()
    found = CSRF_TOKEN.search(page)
    assert found is not None, "the login page has no CSRF token"
    form = {"email": "live@example.com", "password": PASSWORD}
    login = urllib.parse.urlencode({**form, "csrf_token": found.group(1)}).encode()
    browser.open(f"{base}/login", data=login, timeout=30)
    session = next(cookie.value for cookie in jar if cookie.name == "session")
    return f"session={session}", order_id


def open_live_pages(
    base: str, cookie: str, order_id: str
) -> Iterator[tuple[int, socket.socket]]:
    """Opens the order's live page ``LIVE_PAGES`` times; each one's status."""
    host, port = base.removeprefix("http://").split(":")
    request = (
        f"GET /orders/{order_id}/events HTTP/1.1\r\nHost: {host}\r\n"
        f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    for _ in range(LIVE_PAGES):
        page = socket.create_connection((host, int(port)), timeout=30)
        page.sendall(request)
        status_line = page.recv(64).split(b"\r\n", 1)[0]
        yield int(status_line.split()[1]), page
