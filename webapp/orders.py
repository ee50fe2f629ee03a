"""My orders and the order page (placeholder: next step)."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_login import login_required

bp = Blueprint("orders", __name__)


@bp.get("/orders")
@login_required
def list_orders() -> ResponseReturnValue:
    """The customer's orders."""
    return "My orders"
