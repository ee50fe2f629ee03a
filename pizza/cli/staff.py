"""Commands that manage the staff who work the kitchen's board."""

from __future__ import annotations

import click

from pizza.accounts import Accounts
from pizza.cli.group import main, shop_settings
from pizza.domain.signup import SignupError


@main.group()
def staff() -> None:
    """Manage the staff who work the kitchen's board (/kitchen)."""


@staff.command("create")
@click.option("--name", required=True, help="The staff member's name.")
@click.option("--email", required=True, help="Their login.")
@click.password_option(help="Asked for twice, hidden, when not given.")
def create_staff(name: str, email: str, password: str) -> None:
    """Create a staff account."""
    with Accounts(env=shop_settings().env) as accounts:
        try:
            accounts.register(name, email, password, "", "", staff=True)
        except SignupError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{email} can now log in and work the kitchen's board.")


@staff.command("grant")
@click.argument("email")
def grant_staff(email: str) -> None:
    """Let an existing account work the kitchen's board."""
    with Accounts(env=shop_settings().env) as accounts:
        if accounts.make_staff(email) is None:
            raise click.ClickException(f"There is no account for {email}.")
    click.echo(f"{email} can now work the kitchen's board.")
