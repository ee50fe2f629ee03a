"""The menu, the cart and placing an order (placeholder: next step)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("menu", __name__)


@bp.get("/")
@bp.get("/menu")
def menu() -> ResponseReturnValue:
    """The menu."""
    return render_template("menu/menu.html")
