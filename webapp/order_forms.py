"""The pizza builder and the checkout form (Flask-WTF: each carries a CSRF token)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField
from wtforms.form import BaseForm
from wtforms.validators import InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from pizza.domain.menu import KINDS, MAX_ADDRESS_LENGTH, MAX_EXTRA_TOPPINGS, Menu

IDEMPOTENCY_KEY = r"^[0-9a-f]{32}$"
INCOMPLETE_FORM = "This form was incomplete. Please reload the menu and try again."


def not_on_menu(names: list[str]) -> str:
    listed = ", ".join(f"“{name}”" for name in names)
    return f"Not on the menu: {listed}."


def out_of_stock(names: list[str]) -> str:
    listed = ", ".join(f"“{name}”" for name in names)
    return f"Out of stock just now: {listed}."


@dataclass(frozen=True)
class Section:
    """A section of the menu as it is now, which a field offers: names not on
    it, or out of stock, are refused."""

    names: frozenset[str] = frozenset()
    unavailable: frozenset[str] = frozenset()

    def check(self, chosen: list[str]) -> None:
        if unknown := [name for name in chosen if name not in self.names]:
            raise ValidationError(not_on_menu(unknown))
        if gone := [name for name in chosen if name in self.unavailable]:
            raise ValidationError(out_of_stock(gone))


class MenuChoice(RadioField):
    """One item from a section of the menu, as radio buttons."""

    section = Section()

    def __init__(self, label: str, missing: str, **kwargs: Any) -> None:
        super().__init__(label, [InputRequired(missing)], choices=[], **kwargs)

    def pre_validate(self, form: BaseForm) -> None:
        if self.data is not None:
            self.section.check([str(self.data)])


class MenuExtras(SelectMultipleField):
    """Any number of items from a section of the menu, as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    section = Section()

    def __init__(self, label: str, **kwargs: Any) -> None:
        validators = [at_most_extras, each_once]
        super().__init__(label, validators, choices=[], **kwargs)

    def pre_validate(self, form: BaseForm) -> None:
        self.section.check(list(self.data or []))


def at_most_extras(form: BaseForm, field: Field) -> None:
    if len(field.data or []) > MAX_EXTRA_TOPPINGS:
        raise ValidationError(f"Pick at most {MAX_EXTRA_TOPPINGS} extra toppings.")


def each_once(form: BaseForm, field: Field) -> None:
    names = field.data or []
    if len(set(names)) != len(names):
        raise ValidationError("Pick each extra topping once.")


class PizzaForm(FlaskForm):
    """One pizza: a sauce, a cheese, a main topping and any extras, from the
    menu as it is now."""

    sauce = MenuChoice("Sauce", "Pick a sauce.")
    cheese = MenuChoice("Cheese", "Pick a cheese.")
    main_topping = MenuChoice("Main topping", "Pick a topping.")
    extra_toppings = MenuExtras("Extra toppings")

    def __init__(self, menu: Menu, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.menu = menu
        fields: tuple[MenuChoice | MenuExtras, ...] = (
            self.sauce,
            self.cheese,
            self.main_topping,
            self.extra_toppings,
        )
        for field, kind in zip(fields, KINDS, strict=True):
            prices = menu.prices(kind)
            field.choices = [(name, name) for name in prices]
            field.section = Section(frozenset(prices), menu.unavailable(kind))

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
