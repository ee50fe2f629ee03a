"""What the API answers, declared once as pydantic models: each view builds
one from the shop's read model, and flask-openapi3 documents them.

Money is a string with two decimals (``"10.75"``), never a float; times are
ISO 8601 with their timezone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, cast
from uuid import UUID

from flask import Response
from pydantic import BaseModel, ConfigDict, Field

from pizza.domain.menu import MAX_EXTRA_TOPPINGS, MAX_PIZZAS_PER_ORDER, Menu
from pizza.history import HistoryEntry
from pizza.status import STATUSES
from webapp.formatting import order_lines

CENTS = Decimal("0.01")

Money = Annotated[
    str,
    Field(
        pattern=r"^[0-9]+\.[0-9]{2}$",
        description="An amount in the shop's currency, with two decimals.",
        examples=["10.75"],
    ),
]
UNPRICED = "Null until the order is validated."
LOCATION = {
    "Location": {"description": "The order's URL.", "schema": {"type": "string"}}
}


def with_headers(headers: dict[str, Any]) -> ConfigDict:
    """An answer's config naming the headers it comes with, for the document
    (flask-openapi3 reads ``openapi_extra`` from the model's config)."""
    return cast(ConfigDict, {"extra": "forbid", "openapi_extra": {"headers": headers}})


class Answer(BaseModel):
    """A JSON answer: exactly these keys."""

    model_config = ConfigDict(extra="forbid")


class Error(Answer):
    """Every error, those of the web server itself included."""

    error: str = Field(description="What went wrong, for people.")
    fields: dict[str, str] = Field(
        description=(
            "The problem with each offending field (`pizzas[0].sauce`, `limit`);"
            " empty when none is to blame."
        )
    )


class MenuItem(Answer):
    name: str
    price: Money
    available: bool = Field(
        description=(
            "False while the item is out of stock: an order with it is rejected."
        )
    )


class Limits(Answer):
    max_pizzas: int = Field(description="Per order.")
    max_extra_toppings: int = Field(description="Per pizza.")


class MenuAnswer(Answer):
    """The menu as it is now."""

    base_price: Money = Field(description="Every pizza's price before its choices.")
    sauces: list[MenuItem]
    cheeses: list[MenuItem]
    main_toppings: list[MenuItem]
    extra_toppings: list[MenuItem]
    limits: Limits


class Token(Answer):
    id: str = Field(
        description="The token's id, for listing and revoking it (not the token)."
    )
    token: str
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="Seconds from now.")


class TokenInfo(Answer):
    id: str
    created_at: datetime
    expires_at: datetime
    current: bool = Field(description="True for the token this request came with.")


class TokenList(Answer):
    tokens: list[TokenInfo]


class Pizza(Answer):
    sauce: str
    cheese: str
    main_topping: str
    extra_toppings: list[str]
    price: Money | None = Field(description=UNPRICED)

    @classmethod
    def of(cls, pizza: Mapping[str, Any]) -> Pizza:
        return cls(**{**pizza, "price": money(pizza["price"])})


class OrderLine(Pizza):
    """The same pizza ordered several times, as one line: its quantity and
    the line's price (each pizza's times the quantity; null until the order
    is validated)."""

    quantity: int = Field(ge=1)


class Step(Answer):
    at: datetime
    event: str = Field(
        description=(
            "What happened: a status the order took, or `delayed` when the shop "
            "flagged the order as taking longer than it should."
        )
    )
    application: str = Field(description="The part of the shop that recorded it.")
    detail: str


class OrderSummary(Answer):
    """An order as listed, without its timeline."""

    id: UUID
    status: str = Field(
        json_schema_extra={"enum": list(STATUSES)},
        description=(
            "`requested`, then `validated` or `rejected`; a validated order goes "
            "on through `assembling`, `baking` and `out_for_delivery` to "
            "`delivered`, unless it is `cancelled` before baking starts. "
            "`rejected`, `delivered` and `cancelled` are final."
        ),
    )
    address: str | None = Field(
        description="Null once the customer has been forgotten."
    )
    pizzas: list[Pizza] = Field(
        description="Each pizza of the order, priced, in the order they were chosen."
    )
    lines: list[OrderLine] = Field(
        description=(
            "The pizzas as lines: the same pizza ordered several times is one line."
        )
    )
    total: Money | None = Field(description=UNPRICED)
    reasons: list[str] = Field(
        description=(
            "Why the order was rejected, or why the shop cancelled it (a "
            "customer's own cancellation has none)."
        )
    )
    delayed: bool = Field(
        description=(
            "True while the order has not moved for longer than it should; "
            "false again once it moves."
        )
    )
    expected_at: datetime | None = Field(
        description=(
            "When the order is expected at the customer's door (UTC): the time "
            "its current step usually takes, then each later step's, as the "
            "last 50 orders through each step took them. Null once it is "
            "delivered, rejected or cancelled, and while a step ahead has had "
            "fewer than 3 orders through it."
        )
    )
    late: bool = Field(
        description=(
            "True once the order is later than 9 in 10 recent orders from the "
            "same step would be, and at least a minute past expected_at."
        )
    )
    requested_at: datetime
    updated_at: datetime

    @classmethod
    def fields_of(cls, order: Mapping[str, Any]) -> dict[str, Any]:
        estimate = order["estimate"]
        return {
            "id": order["id"],
            "status": order["status"],
            "address": order["address"],
            "pizzas": [Pizza.of(pizza) for pizza in order["pizzas"]],
            "lines": [
                OrderLine(
                    **{**line["pizza"], "price": money(line["price"])},
                    quantity=line["quantity"],
                )
                for line in order_lines(order["pizzas"])
            ],
            "total": money(order["total"]),
            "reasons": list(order["reasons"]),
            "delayed": bool(order["delayed"]),
            "expected_at": estimate.expected_at if estimate else None,
            "late": order["late"],
            "requested_at": order["requested_at"],
            "updated_at": order["updated_at"],
        }

    @classmethod
    def of(cls, order: Mapping[str, Any]) -> OrderSummary:
        return cls(**cls.fields_of(order))


class AsOf(Answer):
    step: int = Field(ge=1)
    steps: int = Field(ge=1)


class Order(OrderSummary):
    """An order and its timeline, as the shop shows it."""

    timeline: list[Step]
    as_of: AsOf | None = Field(
        default=None,
        description=(
            "Only with ?at=: the step of its timeline the order stood at then, "
            "of how many it has now."
        ),
    )

    @classmethod
    def of(cls, order: Mapping[str, Any], as_of: AsOf | None = None) -> Order:
        timeline = [Step(**step) for step in order["timeline"]]
        if as_of is None:
            return cls(**cls.fields_of(order), timeline=timeline)
        return cls(**cls.fields_of(order), timeline=timeline, as_of=as_of)


class PlacedOrder(Order):
    """The order placed (201), or the one placed before with the same
    Idempotency-Key (200)."""

    model_config = with_headers(LOCATION)


class OrderList(Answer):
    orders: list[OrderSummary]


class OrderAccepted(Answer):
    """The order is stored, and validation will decide it; the view does not
    show it yet (read it from `Location` in a moment)."""

    model_config = with_headers(LOCATION)

    id: UUID
    status: Literal["requested"]


class CancellationAccepted(Answer):
    """The cancellation is stored; the view does not show it yet."""

    model_config = with_headers(LOCATION)

    id: UUID
    status: Literal["cancelled"]


class HistoryEvent(Answer):
    at: datetime
    application: str
    what: str
    detail: str


class OrderHistory(Answer):
    order_id: UUID
    events: list[HistoryEvent]

    @classmethod
    def of(cls, order_id: str, entries: Iterable[HistoryEntry]) -> OrderHistory:
        events = [
            HistoryEvent(
                at=entry.at,
                application=entry.application,
                what=entry.what,
                detail=entry.detail,
            )
            for entry in entries
        ]
        return cls(order_id=UUID(order_id), events=events)


def menu_answer(menu: Menu) -> MenuAnswer:
    def priced(kind: str) -> list[MenuItem]:
        return [
            MenuItem(
                name=name,
                price=str(money(price)),
                available=menu.is_available(kind, name),
            )
            for name, price in menu.prices(kind).items()
        ]

    return MenuAnswer(
        base_price=str(money(menu.base_price)),
        sauces=priced("sauce"),
        cheeses=priced("cheese"),
        main_toppings=priced("main_topping"),
        extra_toppings=priced("extra_topping"),
        limits=Limits(
            max_pizzas=MAX_PIZZAS_PER_ORDER, max_extra_toppings=MAX_EXTRA_TOPPINGS
        ),
    )


def money(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount.quantize(CENTS))


def json_of(
    answer: BaseModel, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """The answer as JSON, serialised by pydantic with what is not ASCII
    escaped (U+2028 included, as Flask's encoder does); fields left unset
    (``as_of``) are left out."""
    body = answer.model_dump_json(exclude_unset=True, ensure_ascii=True)
    return Response(body, status, headers, mimetype="application/json")
