"""The shop's forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, Field, PasswordField, StringField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from pizza.domain.menu import MAX_ADDRESS_LENGTH
from pizza.domain.signup import (
    MAX_NAME,
    MAX_PASSWORD,
    MIN_PASSWORD,
    MIN_PHONE_DIGITS,
)

PASSWORD_HINT = f"At least {MIN_PASSWORD} characters."
PHONE_HINT = f"At least {MIN_PHONE_DIGITS} digits, e.g. +44 20 7946 0000."


class SignupForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=MAX_NAME)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )
    address = StringField(
        "Delivery address", validators=[DataRequired(), Length(max=MAX_ADDRESS_LENGTH)]
    )
    phone = TelField(
        "Phone", validators=[DataRequired(), Length(max=30)], description=PHONE_HINT
    )


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=MAX_PASSWORD)]
    )


class DetailsForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=MAX_NAME)])
    address = StringField(
        "Default delivery address",
        validators=[DataRequired(), Length(max=MAX_ADDRESS_LENGTH)],
    )
    phone = TelField(
        "Phone", validators=[DataRequired(), Length(max=30)], description=PHONE_HINT
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("password", "The passwords differ.")],
    )


class PasswordChangeForm(NewPasswordForm):
    old_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD)]
    )


class ForgetMeForm(FlaskForm):
    password = PasswordField(
        "Your password, to confirm",
        validators=[DataRequired(), Length(max=MAX_PASSWORD)],
    )


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])


def add_error(field: Field, message: str) -> None:
    """Shows a problem the shop found, after the form's own checks passed."""
    field.errors = [*field.errors, message]
