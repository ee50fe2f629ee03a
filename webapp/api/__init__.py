"""The JSON API under ``/api``, described by ``/api/openapi.json``.

Clients authenticate with bearer tokens from ``POST /api/tokens``, never with
cookies, so the blueprint is exempt from CSRF checks. Every route but the menu,
the token endpoint and the document needs a token. Every error is JSON:
``{"error": "...", "fields": {"pizzas[0].sauce": "must be text, not int"}}``.
"""

from __future__ import annotations

from flask import Blueprint

from webapp.api import errors, orders, public, tokens

bp = Blueprint("api", __name__, url_prefix="/api")

bp.add_url_rule("/menu", view_func=public.menu, methods=["GET"])
bp.add_url_rule("/openapi.json", view_func=public.openapi, methods=["GET"])
bp.add_url_rule("/tokens", view_func=tokens.create_token, methods=["POST"])
bp.add_url_rule("/tokens", view_func=tokens.list_tokens, methods=["GET"])
bp.add_url_rule("/tokens/<token_id>", view_func=tokens.revoke_token, methods=["DELETE"])
bp.add_url_rule("/orders", view_func=orders.place_order, methods=["POST"])
bp.add_url_rule("/orders", view_func=orders.list_orders, methods=["GET"])
bp.add_url_rule("/orders/<order_id>", view_func=orders.get_order, methods=["GET"])
bp.add_url_rule(
    "/orders/<order_id>/cancel", view_func=orders.cancel_order, methods=["POST"]
)
bp.add_url_rule(
    "/orders/<order_id>/history",
    view_func=orders.get_order_history,
    methods=["GET"],
)

PUBLIC_VIEWS = (public.menu, public.openapi, tokens.create_token)
bp.before_request(tokens.authenticate_except(PUBLIC_VIEWS))
errors.register(bp)
