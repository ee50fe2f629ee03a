"""The pizza builder and the checkout form (Flask-WTF: each carries a CSRF token)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField
from wtforms.form import BaseForm
from wtforms.validators import InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pizza.domain.menu import MAX_ADDRESS_LENGTH, MAX_EXTRA_TOPPINGS, MENU

IDEMPOTENCY_KEY = r"^[0-9a-f]{32}$"
INCOMPLETE_FORM = "This form was incomplete. Please reload the menu and try again."


def not_on_menu(names: list[str]) -> str:
    listed = ", ".join(f"“{name}”" for name in names)
    return f"Not on the menu: {listed}."


class MenuChoice(RadioField):
    """One item from a section of the menu, as radio buttons."""

    def __init__(
        self, label: str, prices: Mapping[str, Decimal], missing: str, **kwargs: Any
    ) -> None:
        choices = {name: name for name in prices}
        super().__init__(label, [InputRequired(missing)], choices=choices, **kwargs)
        self.names = frozenset(prices)

    def pre_validate(self, form: BaseForm) -> None:
        if self.data is not None and self.data not in self.names:
            raise ValidationError(not_on_menu([str(self.data)]))


class MenuExtras(SelectMultipleField):
    """Any number of items from a section of the menu, as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(
        self, label: str, prices: Mapping[str, Decimal], **kwargs: Any
    ) -> None:
        choices = {name: name for name in prices}
        validators = [at_most_extras, each_once]
        super().__init__(label, validators, choices=choices, **kwargs)
        self.names = frozenset(prices)

    def pre_validate(self, form: BaseForm) -> None:
        unknown = [name for name in self.data or [] if name not in self.names]
        if unknown:
            raise ValidationError(not_on_menu(unknown))


def at_most_extras(form: BaseForm, field: Field) -> None:
    if len(field.data or []) > MAX_EXTRA_TOPPINGS:
        raise ValidationError(f"Pick at most {MAX_EXTRA_TOPPINGS} extra toppings.")


def each_once(form: BaseForm, field: Field) -> None:
    names = field.data or []
    if len(set(names)) != len(names):
        raise ValidationError("Pick each extra topping once.")


class PizzaForm(FlaskForm):
    """One pizza: a sauce, a cheese, a main topping and any extras."""

    sauce = MenuChoice("Sauce", MENU.sauces, "Pick a sauce.")
    cheese = MenuChoice("Cheese", MENU.cheeses, "Pick a cheese.")
    main_topping = MenuChoice("Main topping", MENU.main_toppings, "Pick a topping.")
    extra_toppings = MenuExtras("Extra toppings", MENU.extra_toppings)

    def pizza(self) -> dict[str, Any]:
        """The pizza as ``place_order`` takes it."""
        return {
            "sauce": self.sauce.data,
            "cheese": self.cheese.data,
            "main_topping": self.main_topping.data,
            "extra_toppings": list(self.extra_toppings.data or []),
        }


class CheckoutForm(FlaskForm):
    """Where to deliver, and the key that makes a resubmitted form harmless."""

    address = StringField(
        "Delivery address",
        validators=[
            InputRequired("Enter a delivery address."),
            Length(max=MAX_ADDRESS_LENGTH),
        ],
    )
    idempotency_key = HiddenField(
        validators=[
            InputRequired(INCOMPLETE_FORM),
            Regexp(IDEMPOTENCY_KEY, message=INCOMPLETE_FORM),
        ]
    )


def add_form_error(form: FlaskForm, message: str) -> None:
    """Shows a problem with the form as a whole, after its own checks passed."""
    form.form_errors.append(message)
