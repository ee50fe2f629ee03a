"""The customer's own account: details, password, and logging out everywhere."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user

from pizza.domain.signup import SignupError
from webapp.formatting import first_upper
from webapp.forms import DetailsForm, ForgetMeForm, PasswordChangeForm, add_error
from webapp.services import shop

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def signed_in_only() -> None:
    """Anonymous visitors are sent to log in."""


@bp.get("")
def account() -> ResponseReturnValue:
    """The account page: details, a new password, log out everywhere."""
    return render_account(details_form(), PasswordChangeForm(formdata=None))


@bp.post("/details")
def details() -> ResponseReturnValue:
    """Saves new details; back to the page (302). Errors come back on the
    form with a 400, and nothing is saved."""
    form = DetailsForm()
    if form.validate_on_submit():
        try:
            shop().accounts.change_details(
                UUID(current_user.id),
                form.name.data or "",
                form.address.data or "",
                form.phone.data or "",
            )
        except SignupError as error:
            show(form, error)
        else:
            flash("Your details are saved.", "success")
            return redirect(url_for("account.account"))
    return render_account(form, PasswordChangeForm(formdata=None)), 400


@bp.post("/password")
def password() -> ResponseReturnValue:
    """Sets a new password if the current one is right; every other session
    and every API token ends, this one stays. 302 back to the page; errors on
    the form with a 400."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            shop().accounts.change_password(
                UUID(current_user.id),
                form.old_password.data or "",
                form.password.data or "",
                keep_session=current_user.session_id,
            )
        except SignupError as error:
            show(form, error)
        else:
            flash("Your password is changed; you are logged out elsewhere.", "success")
            return redirect(url_for("account.account"))
    return render_account(details_form(), form), 400


@bp.post("/forget")
def forget() -> ResponseReturnValue:
    """Deletes the account if the password is right: the customer is forgotten
    (their personal data can never be read again, see ``Accounts.forget``),
    their orders stay without it, and they are logged out (302 to log in).
    A wrong password gives the page again with a 400."""
    form = ForgetMeForm()
    accounts = shop().accounts
    if form.validate_on_submit():
        customer_id = accounts.authenticate(
            current_user.email, form.password.data or ""
        )
        if customer_id == UUID(current_user.id):
            accounts.forget(customer_id)
            logout_user()
            session.clear()
            flash("Your account is deleted, and your details with it.", "info")
            return redirect(url_for("auth.login"))
        add_error(form.password, "This is not your password.")
    return render_account(details_form(), PasswordChangeForm(formdata=None), form), 400


def details_form() -> DetailsForm:
    return DetailsForm(
        formdata=None,
        name=current_user.name,
        address=current_user.address,
        phone=current_user.phone,
    )


def show(form: DetailsForm | PasswordChangeForm, error: SignupError) -> None:
    for name, problem in error.fields.items():
        add_error(getattr(form, name), first_upper(problem))


def render_account(
    details: DetailsForm,
    password: PasswordChangeForm,
    forget_me: ForgetMeForm | None = None,
) -> str:
    return render_template(
        "account/account.html",
        details=details,
        password=password,
        forget_me=forget_me or ForgetMeForm(formdata=None),
    )
