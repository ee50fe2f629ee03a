"""What anyone may read without a token: the menu and the API's description."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import Response, jsonify
from flask.typing import ResponseReturnValue

from webapp.api.shapes import menu_json
from webapp.services import shop

OPENAPI_DOCUMENT = "openapi.json"


def menu() -> ResponseReturnValue:
    """The menu as it is now: sauces, cheeses, main and extra toppings with
    their prices and whether each can be had, the base price, and how many
    pizzas and extras an order may have."""
    return jsonify(menu_json(shop().orders.menu()))


def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 document that describes this API."""
    return Response(openapi_text(), mimetype="application/json")


@cache
def openapi_text() -> str:
    return files("webapp").joinpath(OPENAPI_DOCUMENT).read_text(encoding="utf-8")
