"""Customers and staff: ``Accounts`` and what it is made of."""

from pizza.accounts.application import Accounts
from pizza.accounts.customers import UnknownCustomerError, normalise_email
from pizza.accounts.passwords import PasswordReset

__all__ = ["Accounts", "PasswordReset", "UnknownCustomerError", "normalise_email"]
