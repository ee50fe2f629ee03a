"""Pages for some of the signed-in only: staff (the kitchen), operators."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webapp.extensions import login_manager
from webapp.users import Customer

Guard = Callable[[], ResponseReturnValue | None]


def only(allowed: Callable[[Customer], bool], refusal: str) -> Guard:
    """A ``before_request`` check: anonymous visitors are sent to log in, and
    those ``allowed`` does not let in get a 403 saying ``refusal``."""

    def check() -> ResponseReturnValue | None:
        if not current_user.is_authenticated:
            response: ResponseReturnValue = login_manager.unauthorized()
            return response
        if not allowed(current_user):
            abort(403, description=refusal)
        return None

    return check


staff_only = only(lambda user: user.is_staff, "The kitchen's board is for staff only.")
operators_only = only(
    lambda user: user.is_operator, "The operator's page is for operators only."
)
