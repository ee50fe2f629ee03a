"""Forgotten passwords: a single-use link by email, valid for an hour.

Asking for one answers the same whether or not the email has an account, and
the email is sent after the answer, so neither the words nor the time tell.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from uuid import UUID

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from pizza.accounts import PasswordReset
from pizza.domain.signup import SignupError
from pizza.mail import mailer, message
from pizza.settings import Settings
from webapp.formatting import first_upper
from webapp.forms import NewPasswordForm, ResetRequestForm, add_error
from webapp.rate_limits import guarded
from webapp.services import SETTINGS, shop

bp = Blueprint("reset", __name__, url_prefix="/reset")
SENT = (
    "If that email has an account, we have sent it a link to choose a new "
    "password. The link works once, within an hour."
)
EXPIRED = (
    "This link has been used, has expired, or is not the latest one. Ask for a new one."
)
log = logging.getLogger(__name__)


@bp.route("", methods=["GET", "POST"])
@guarded
def ask() -> ResponseReturnValue:
    """The form that asks for a reset link; 302 to log in, saying one was
    sent (whether or not it was: an account's existence is no one's business)."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        lifetime = timedelta(seconds=current_app.config["RESET_LINK_SECONDS"])
        reset = shop().accounts.request_reset(form.email.data or "", lifetime)
        if reset is not None:
            send_later(reset, link_to(reset))
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/reset_request.html", form=form), status


@bp.route("/<customer_id>/<secret>", methods=["GET", "POST"])
@guarded
def choose(customer_id: str, secret: str) -> ResponseReturnValue:
    """The form for a new password; on success every session of the account
    ends, and it is 302 to log in. 400 with the form for a bad password, 400
    saying so for a link that is used, expired or not the latest."""
    form = NewPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/reset.html", form=form), status
    try:
        done = shop().accounts.reset_password(
            UUID(customer_id), secret, form.password.data or ""
        )
    except SignupError as error:
        for name, problem in error.fields.items():
            add_error(getattr(form, name), first_upper(problem))
        return render_template("account/reset.html", form=form), 400
    except ValueError:  # not a customer's id
        done = False
    if not done:
        return render_template("error.html", code=400, message=EXPIRED), 400
    flash("Your password is changed. Log in with it.", "success")
    return redirect(url_for("auth.login"))


def link_to(reset: PasswordReset) -> str:
    settings: Settings = current_app.extensions[SETTINGS]
    path = url_for("reset.choose", customer_id=reset.customer_id, secret=reset.secret)
    return (settings.base_url or request.host_url).rstrip("/") + path


def send_later(reset: PasswordReset, link: str) -> None:
    """Sends the email in a thread of its own, after the answer."""
    settings: Settings = current_app.extensions[SETTINGS]
    body = (
        f"Hello {reset.name},\n\nTo choose a new password for your pizza account, "
        f"open this link within the hour:\n\n{link}\n\nIt works once. If you did "
        "not ask for it, ignore this email: your password stays as it is.\n"
    )
    mail = message(settings, reset.email, "Choose a new password", body)

    def send() -> None:
        try:
            mailer(settings).send(mail)
        except Exception:
            log.exception("Could not send a password-reset email")

    threading.Thread(target=send, name="send-mail", daemon=True).start()
