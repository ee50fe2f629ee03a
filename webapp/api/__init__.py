"""The JSON API under ``/api``, declared with flask-openapi3: each route with
the models of what it takes (``inputs``, in the view's signature) and answers
(``answers``), from which the library validates requests and writes the
document, ``/api/openapi.json`` (served by ``docs``).

Clients authenticate with bearer tokens from ``POST /api/tokens``, never with
cookies, so the blueprint is exempt from CSRF checks. Every route but the menu
and the token endpoint needs a token. Every error is JSON:
``{"error": "...", "fields": {"pizzas[0].sauce": "must be text, not int"}}``.
"""

from __future__ import annotations

from flask_openapi3.blueprint import APIBlueprint

from webapp.api import answers, bodies, errors, orders, public, tokens
from webapp.api.document import MENU, ORDERS, TOKENS, Operation

OPERATIONS = (
    Operation(
        "get",
        "/menu",
        public.menu,
        MENU,
        "getMenu",
        {200: answers.MenuAnswer},
        public=True,
    ),
    Operation(
        "post",
        "/tokens",
        tokens.create_token,
        TOKENS,
        "createToken",
        {201: answers.Token},
        errors=(400, 401, 413, 415, 429),
        public=True,
    ),
    Operation(
        "get",
        "/tokens",
        tokens.list_tokens,
        TOKENS,
        "listTokens",
        {200: answers.TokenList},
        errors=(401,),
    ),
    Operation(
        "delete",
        "/tokens/<token_id>",
        tokens.revoke_token,
        TOKENS,
        "revokeToken",
        {204: None},
        errors=(401, 404),
    ),
    Operation(
        "post",
        "/orders",
        orders.place_order,
        ORDERS,
        "placeOrder",
        {
            201: answers.PlacedOrder,
            200: answers.PlacedOrder,
            202: answers.OrderAccepted,
        },
        errors=(400, 401, 413, 415),
    ),
    Operation(
        "get",
        "/orders",
        orders.list_orders,
        ORDERS,
        "listOrders",
        {200: answers.OrderList},
        errors=(400, 401),
    ),
    Operation(
        "get",
        "/orders/<order_id>",
        orders.get_order,
        ORDERS,
        "getOrder",
        {200: answers.Order},
        errors=(400, 401, 404),
    ),
    Operation(
        "post",
        "/orders/<order_id>/cancel",
        orders.cancel_order,
        ORDERS,
        "cancelOrder",
        {200: answers.Order, 202: answers.CancellationAccepted},
        errors=(401, 404, 409),
    ),
    Operation(
        "get",
        "/orders/<order_id>/history",
        orders.get_order_history,
        ORDERS,
        "getOrderHistory",
        {200: answers.OrderHistory},
        errors=(401, 404),
    ),
)
PUBLIC_ENDPOINTS = frozenset(
    f"api.{operation.view.__name__}" for operation in OPERATIONS if operation.public
)

bp = APIBlueprint("api", __name__, url_prefix="/api")
for operation in OPERATIONS:
    operation.add_to(bp)
bp.before_request(tokens.authenticate_except(PUBLIC_ENDPOINTS))
bp.before_request(bodies.json_object_first)
errors.register(bp)
