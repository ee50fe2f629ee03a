"""What a sign-up must contain, checked before anything is stored."""

from __future__ import annotations

import re

from pizza.domain.menu import MAX_ADDRESS_LENGTH
from pizza.domain.text import text_problem

MAX_NAME = 100
MIN_PASSWORD = 8
MAX_PASSWORD = 200
PHONE = re.compile(r"\+?[0-9 ()./-]{1,29}")
MIN_PHONE_DIGITS = 5
PHONE_RULE = (
    f"needs at least {MIN_PHONE_DIGITS} digits; spaces and + - ( ) . / may "
    "separate them"
)


class SignupError(ValueError):
    """A sign-up that cannot be accepted; ``fields`` maps each field to its problem."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {why}" for name, why in fields.items()))
        self.fields = fields


class EmailTakenError(SignupError):
    def __init__(self) -> None:
        super().__init__({"email": "is already registered"})


def signup_problems(
    name: object,
    password: object,
    address: object,
    phone: object,
    *,
    for_delivery: bool = True,
) -> dict[str, str]:
    """Every problem with the sign-up's fields (the email is checked apart).

    Staff accounts (``for_delivery=False``) need no address or phone."""
    problems = details_problems(name, address, phone, for_delivery=for_delivery)
    if problem := password_problem(password):
        problems["password"] = problem
    return problems


def details_problems(
    name: object, address: object, phone: object, *, for_delivery: bool = True
) -> dict[str, str]:
    """Every problem with a customer's name, address and phone."""
    problems = text_problems("name", name, MAX_NAME)
    if for_delivery:
        problems |= text_problems("address", address, MAX_ADDRESS_LENGTH, True)
        if not is_phone_number(phone):
            problems["phone"] = PHONE_RULE
    return problems


def is_phone_number(phone: object) -> bool:
    """At least ``MIN_PHONE_DIGITS`` digits, with only the usual separators
    (and a leading +), at most 30 characters."""
    if not isinstance(phone, str) or not PHONE.fullmatch(phone := phone.strip()):
        return False
    return sum(character.isdigit() for character in phone) >= MIN_PHONE_DIGITS


def password_problem(password: object) -> str | None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        return f"needs at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"is longer than {MAX_PASSWORD} characters"
    return text_problem(password, multiline=True)


def text_problems(
    field: str, value: object, longest: int, multiline: bool = False
) -> dict[str, str]:
    if not isinstance(value, str) or not value.strip():
        return {field: "is required"}
    if len(value) > longest:
        return {field: f"is longer than {longest} characters"}
    if problem := text_problem(value, multiline=multiline):
        return {field: problem}
    return {}
