"""A log line per request, naming the order it was about; and the JSON format,
one object a line, for a log collector."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from pizza.logs import configure_logging
from tests.web.conftest import Auth
from tests.web.helpers import order_pizzas


@pytest.fixture
def root_handlers() -> Iterator[None]:
    """Puts the root logger back as it was after a test that configures it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The request lines logged, each as its fields."""
    return [vars(r) for r in caplog.records if vars(r).get("event") == "request"]


def test_each_request_is_a_line_naming_its_order(
    client: FlaskClient, auth: Auth, caplog: pytest.LogCaptureFixture
) -> None:
    auth.signup()
    caplog.set_level(logging.INFO, logger="pizza.requests")
    order_id = order_pizzas(client)  # POST /orders, sent on to the order's page
    client.get(f"/orders/{order_id}")
    client.get("/menu")

    placed, shown, menu = request_lines(caplog)[-3:]

    assert (placed["method"], placed["path"], placed["status"]) == (
        "POST",
        "/orders",
        302,
    )
    assert placed["order_ids"] == [order_id]
    assert shown["route"] == "/orders/<order_id>"
    assert shown["order_ids"] == [order_id]
    assert menu["order_ids"] == []
    assert f"GET /orders/{order_id} 200" in shown["msg"] % shown["args"]


def test_the_json_format_is_one_object_a_line_with_the_fields(
    root_handlers: None,
) -> None:
    configure_logging("json")
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)

    logging.getLogger("pizza.requests").info(
        "GET /x 200", extra={"event": "request", "order_ids": ["o-1"], "ms": 1.5}
    )

    [line] = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["message"] == "GET /x 200"
    assert (record["event"], record["order_ids"], record["ms"]) == (
        "request",
        ["o-1"],
        1.5,
    )
    assert (record["level"], record["name"]) == ("INFO", "pizza.requests")
    assert "time" in record
