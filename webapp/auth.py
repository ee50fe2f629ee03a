"""Sign up, log in, log out."""

from __future__ import annotations

from urllib.parse import urlsplit
from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from pizza.domain.signup import SignupError, signup_problems
from webapp.cart import CART
from webapp.formatting import first_upper
from webapp.forms import LoginForm, SignupForm, add_error
from webapp.rate_limits import guarded
from webapp.services import shop
from webapp.users import Customer

bp = Blueprint("auth", __name__)


@bp.route("/signup", methods=["GET", "POST"])
@guarded
def signup() -> ResponseReturnValue:
    """The sign-up form; on success, signs the new customer in and shows the menu.
    Field errors come back on the form with a 400."""
    form = SignupForm()
    if form.is_submitted() and every_problem_reported(form):
        try:
            customer_id = shop().accounts.register(
                name=form.name.data or "",
                email=form.email.data or "",
                password=form.password.data or "",
                address=form.address.data or "",
                phone=form.phone.data or "",
            )
        except SignupError as error:
            for name, problem in error.fields.items():
                add_error(getattr(form, name), first_upper(problem))
        else:
            start_session(customer_id)
            flash("Welcome! Build your first pizza below.", "success")
            return redirect(url_for("menu.menu"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/signup.html", form=form), status


def every_problem_reported(form: SignupForm) -> bool:
    """Checks the form (its shape, CSRF) and the sign-up's rules together, so
    that one answer names every problem; True if there is none."""
    valid = form.validate()
    problems = signup_problems(
        form.name.data, form.password.data, form.address.data, form.phone.data
    )
    for name, problem in problems.items():
        field = getattr(form, name)
        if not field.errors:
            add_error(field, first_upper(problem))
    return valid and not problems


@bp.route("/login", methods=["GET", "POST"])
@guarded
def login() -> ResponseReturnValue:
    """The login form; on success, goes to ``next`` (a path on this site) or
    the menu. Wrong credentials give a 400 with one message for both fields."""
    form = LoginForm()
    if form.validate_on_submit():
        customer_id = shop().accounts.authenticate(
            form.email.data or "", form.password.data or ""
        )
        if customer_id is not None:
            start_session(customer_id)
            flash("You are logged in.", "success")
            return redirect(safe_next(request.args.get("next")))
        add_error(form.email, "Wrong email or password.")
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """Ends the session, on the server too (a copy of the cookie stops
    working); back to the login page."""
    shop().accounts.end_session(UUID(current_user.id), current_user.session_id)
    end_session("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere() -> ResponseReturnValue:
    """Ends every session of the customer: every browser, every API token;
    back to the login page."""
    shop().accounts.sign_out_everywhere(UUID(current_user.id))
    end_session("You are logged out everywhere, and your API tokens are revoked.")
    return redirect(url_for("auth.login"))


def end_session(message: str) -> None:
    logout_user()
    session.clear()
    flash(message, "info")


def start_session(customer_id: UUID) -> None:
    """A new session for the customer: nothing from before survives login but
    the pizzas they put in their cart."""
    accounts = shop().accounts
    profile = accounts.get_customer(customer_id)
    assert profile is not None
    session_id = accounts.start_session(customer_id)
    cart = session.get(CART)
    session.clear()
    if cart:
        session[CART] = cart
    login_user(Customer.from_profile(profile, session_id))


def safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the menu."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("menu.menu")
