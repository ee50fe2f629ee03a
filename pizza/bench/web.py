"""The web's answers against its cheapest one, 8 clients each, in one run.

``GET /api/menu`` touches no database: it is the baseline. ``POST
/api/orders`` answers once the view shows the order (so it carries the
pipeline's latency), and ``GET /api/orders/<id>`` reads the view.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from pizza.bench.http import (
    Rate,
    measure,
    menu_reader,
    order_placer,
    order_request,
    setup,
    status_of,
    token_for,
)
from pizza.bench.results import verdict

WEB_CLIENTS = 8
POST_TARGET = 0.25
GET_TARGET = 0.5


@dataclass(frozen=True)
class WebResult:
    setup: str
    menu: Rate
    post: Rate
    get: Rate

    @property
    def post_ratio(self) -> float:
        return self.post.per_second / self.menu.per_second

    @property
    def get_ratio(self) -> float:
        return self.get.per_second / self.menu.per_second


def measure_web(name: str, seconds: float) -> WebResult:
    """The three requests from ``WEB_CLIENTS`` clients against the named setup
    (see ``http.setup``), each for ``seconds``."""
    with setup(name) as (base, env):
        token = token_for(base, env, "web-bench@example.com")
        with urllib.request.urlopen(order_request(base, token), timeout=30) as answer:
            order_id = json.load(answer)["id"]
        menu = measure(menu_reader(base), WEB_CLIENTS, seconds)
        post = measure(order_placer(base, token), WEB_CLIENTS, seconds)
        get = measure(order_reader(base, token, order_id), WEB_CLIENTS, seconds)
    return WebResult(name, menu, post, get)


def order_reader(base: str, token: str, order_id: str) -> Callable[[], int]:
    request = urllib.request.Request(
        f"{base}/api/orders/{order_id}", headers={"Authorization": f"Bearer {token}"}
    )
    return lambda: status_of(request)


def format_web(result: WebResult) -> str:
    return "\n".join(
        [
            f"web, {result.setup}, {WEB_CLIENTS} clients:",
            f"  GET /api/menu        {result.menu}",
            f"  POST /api/orders     {result.post}  {result.post_ratio:.2f}x menu  "
            f"target >= {POST_TARGET}: {verdict(result.post_ratio >= POST_TARGET)}",
            f"  GET /api/orders/<id> {result.get}  {result.get_ratio:.2f}x menu  "
            f"target >= {GET_TARGET}: {verdict(result.get_ratio >= GET_TARGET)}",
        ]
    )
