"""What API clients send, declared once as pydantic models: flask-openapi3
validates each request with them and documents them in ``/api/openapi.json``.

The limits are the domain's (``pizza.domain.request``), and text goes through
the domain's own check, so the API refuses what the domain would, in the same
words; the domain still checks every order for its Python callers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import model_json_schema
from pydantic_core import PydanticCustomError

from pizza.as_of import AS_OF_RULE, parse_as_of
from pizza.domain.errors import MalformedRequestError
from pizza.domain.request import (
    SHAPE_MAX_ADDRESS,
    SHAPE_MAX_EXTRAS,
    SHAPE_MAX_PIZZAS,
    SHAPE_MAX_TEXT,
    check_idempotency_key,
    check_quantity,
    check_text,
)
from pizza.domain.signup import MAX_PASSWORD
from pizza.domain.text import MULTILINE_PATTERN, NOT_BLANK_PATTERN, ONE_LINE_PATTERN

MAX_EMAIL = 254
MAX_LIMIT = 100
LIMIT_PATTERN = re.compile(r"[0-9]{1,3}")
LIMIT_PROBLEM = f"must be a whole number from 1 to {MAX_LIMIT}"


def refused(problem: str) -> PydanticCustomError:
    """A field's problem in the shop's words (reported as it is)."""
    return PydanticCustomError("refused", problem)


def checked_by(check: Callable[[Any], Any]) -> BeforeValidator:
    """Runs one of the domain's shape checks on the value as sent; its
    problem becomes the field's."""

    def validate(value: Any) -> Any:
        try:
            return check(value)
        except MalformedRequestError as error:
            raise refused(error.problem) from None

    return BeforeValidator(validate)


def must_be_list(problem: str) -> BeforeValidator:
    def validate(value: Any) -> Any:
        if not isinstance(value, list):
            raise refused(problem)
        return value

    return BeforeValidator(validate)


def json_whole_number(value: Any) -> Any:
    """JSON has one kind of number: ``2.0`` is the whole number 2."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Text = Annotated[
    str,
    Field(max_length=SHAPE_MAX_TEXT, pattern=ONE_LINE_PATTERN),
    checked_by(partial(check_text, "")),
]
Address = Annotated[
    str,
    Field(
        max_length=SHAPE_MAX_ADDRESS,
        pattern=MULTILINE_PATTERN,
        description="Where to deliver; yours if left out or null.",
    ),
    checked_by(partial(check_text, "", max_length=SHAPE_MAX_ADDRESS, multiline=True)),
]


class Strict(BaseModel):
    """A JSON body: values of exactly their declared types, no other keys."""

    model_config = ConfigDict(strict=True, extra="forbid")


class PizzaRequest(Strict):
    sauce: Text
    cheese: Text
    main_topping: Text
    extra_toppings: Annotated[
        list[Text],
        Field(max_length=SHAPE_MAX_EXTRAS),
        must_be_list("must be a list of topping names"),
    ] = []
    quantity: Annotated[
        int,
        Field(
            ge=1,
            le=SHAPE_MAX_PIZZAS,
            description=(
                "How many of this pizza: the same as listing it that many "
                "times. The shop takes at most 10 pizzas in an order (more are "
                "rejected by validation, with the reason)."
            ),
        ),
        checked_by(partial(check_quantity, "quantity")),
        BeforeValidator(json_whole_number),
    ] = 1


class OrderRequest(Strict):
    address: Address | None = None
    pizzas: Annotated[
        list[PizzaRequest],
        Field(
            max_length=SHAPE_MAX_PIZZAS,
            description=(
                f"At most {SHAPE_MAX_PIZZAS} pizzas in all, counting quantities "
                "(more is a 400; the shop itself takes at most 10 in an order, "
                "and rejects more with the reason)."
            ),
        ),
        must_be_list("must be a list of pizzas"),
    ]


class TokenRequest(Strict):
    email: Annotated[str, Field(min_length=1, max_length=MAX_EMAIL)]
    password: Annotated[str, Field(min_length=1, max_length=MAX_PASSWORD)]


def header_schema(schema: dict[str, Any]) -> None:
    """An optional header's schema is its text's: a header has no null."""
    text, _ = schema.pop("anyOf")
    del schema["default"]
    schema.update(text)


class SchemaKept(BaseModel):
    """A model of query parameters or headers. flask-openapi3 asks it for its
    JSON schema on every request (to tell lists from single values), and
    pydantic builds the schema anew each time: half of a cheap request's time
    (measured, docs/benchmarks.md). Built once per model and arguments here,
    and shared: flask-openapi3 only reads it."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return kept_schema(cls, args, tuple(sorted(kwargs.items())))


@cache
def kept_schema(
    model: type[BaseModel], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> dict[str, Any]:
    return model_json_schema(model, *args, **dict(kwargs))


class IdempotencyKey(SchemaKept):
    """The ``Idempotency-Key`` header (the other headers are not ours)."""

    model_config = ConfigDict(loc_by_alias=False)

    idempotency_key: Annotated[
        str | None,
        Field(
            alias="Idempotency-Key",
            min_length=1,
            max_length=SHAPE_MAX_TEXT,
            pattern=NOT_BLANK_PATTERN,
            description=(
                "Any text you choose, unique per order you mean to place; "
                "repeating it returns the first order instead of placing another."
            ),
            json_schema_extra=header_schema,
        ),
        checked_by(check_idempotency_key),
    ] = None


def whole_limit(value: Any) -> int:
    if (
        isinstance(value, str)
        and LIMIT_PATTERN.fullmatch(value)
        and 1 <= int(value) <= MAX_LIMIT
    ):
        return int(value)
    raise refused(LIMIT_PROBLEM)


class Query(SchemaKept):
    """A query string: no parameters but those declared."""

    model_config = ConfigDict(extra="forbid")


class Limit(Query):
    limit: Annotated[
        int,
        Field(ge=1, le=MAX_LIMIT, description="How many orders at most."),
        BeforeValidator(whole_limit),
    ] = MAX_LIMIT


def moment_or_step(value: Any) -> str:
    try:
        parse_as_of(value)
    except (TypeError, ValueError, AttributeError):
        raise refused(f"takes {AS_OF_RULE}") from None
    return str(value)


class AsOfQuery(Query):
    at: Annotated[
        str | None,
        Field(
            max_length=64,
            description=(
                "Time travel: the order as it stood after that step of its "
                "timeline (1, 2, ...) or at that moment (ISO 8601; UTC unless it "
                "says otherwise), rebuilt from the event logs: `2`, "
                "`2026-11-28T19:42:00Z`."
            ),
        ),
        BeforeValidator(moment_or_step),
    ] = None


class OrderPath(BaseModel):
    order_id: Annotated[
        str,
        Field(
            description=(
                "The order's id. Unknown, malformed and other customers' ids "
                "all give the same 404."
            )
        ),
    ]


class TokenPath(BaseModel):
    token_id: str
