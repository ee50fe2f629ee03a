"""The rate-limit counters kept in the shop's database, which production's web
processes share (``limits``' storage interface, on SQLite and PostgreSQL)."""

from __future__ import annotations

from limits import parse
from limits.strategies import FixedWindowRateLimiter

from pizza.infrastructure.rate_limit_storage import SQLStorage
from tests.conftest import Backend
from tests.support.processes import wait_until

KEY = "LIMITER/ann/3/1/second"


def test_tries_are_counted_per_key_until_the_window_ends(
    durable_backend: Backend,
) -> None:
    storage = SQLStorage("pizza-sql://", url=durable_backend.view_url)
    limiter = FixedWindowRateLimiter(storage)
    limit = parse("3 per 1 second")

    allowed = [limiter.hit(limit, "ann") for _ in range(3)]
    refused = limiter.hit(limit, "ann")
    someone_else = limiter.hit(limit, "bob")

    assert allowed == [True, True, True]
    assert (refused, someone_else) == (False, True)
    assert storage.get(KEY) == 4  # a refused try counts too
    assert storage.get_expiry(KEY) > 0
    wait_until(lambda: limiter.hit(limit, "ann"), 5, "a new window")
    assert storage.get(KEY) == 1
    storage.clear(KEY)
    assert storage.get(KEY) == 0
    assert storage.check()
