"""What a sign-up must contain, checked before anything is stored."""

from __future__ import annotations

import re

MAX_NAME = 100
MIN_PASSWORD = 8
MAX_PASSWORD = 200
MAX_ADDRESS = 200
PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{4,28}")


class SignupError(ValueError):
    """A sign-up that cannot be accepted; ``fields`` maps each field to its problem."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {why}" for name, why in fields.items()))
        self.fields = fields


class EmailTakenError(SignupError):
    def __init__(self) -> None:
        super().__init__({"email": "is already registered"})


def check_signup(
    name: object, password: object, address: object, phone: object
) -> dict[str, str]:
    """Every problem with the sign-up's fields (the email is checked apart)."""
    problems = {}
    for field, value, longest in (
        ("name", name, MAX_NAME),
        ("address", address, MAX_ADDRESS),
    ):
        if not isinstance(value, str) or not value.strip():
            problems[field] = "is required"
        elif len(value) > longest:
            problems[field] = f"is longer than {longest} characters"
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        problems["password"] = f"needs at least {MIN_PASSWORD} characters"
    elif len(password) > MAX_PASSWORD:
        problems["password"] = f"is longer than {MAX_PASSWORD} characters"
    if not isinstance(phone, str) or not PHONE.fullmatch(phone.strip()):
        problems["phone"] = "is not a phone number (digits, spaces, + - ( ) . /)"
    return problems
