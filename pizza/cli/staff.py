"""Commands that manage the staff who work the kitchen's board."""

from __future__ import annotations

import click

from pizza.accounts import Accounts
from pizza.cli.group import main, shop_settings
from pizza.domain.signup import SignupError


@main.group()
def staff() -> None:
    """Manage the staff who work the kitchen's board (/kitchen)."""


OPERATOR = click.option(
    "--operator",
    is_flag=True,
    help="Also let them read the operator's page (/operator): the logs, "
    "lags and parked events.",
)


@staff.command("create")
@click.option("--name", required=True, help="The staff member's name.")
@click.option("--email", required=True, help="Their login.")
@click.password_option(help="Asked for twice, hidden, when not given.")
@OPERATOR
def create_staff(name: str, email: str, password: str, operator: bool) -> None:
    """Create a staff account."""
    with Accounts(env=shop_settings().env) as accounts:
        try:
            accounts.register(
                name, email, password, "", "", staff=True, operator=operator
            )
        except SignupError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{email} can now log in and {what_they_may(operator)}.")


@staff.command("grant")
@click.argument("email")
@OPERATOR
def grant_staff(email: str, operator: bool) -> None:
    """Let an existing account work the kitchen's board."""
    with Accounts(env=shop_settings().env) as accounts:
        if accounts.make_staff(email, operator=operator) is None:
            raise click.ClickException(f"There is no account for {email}.")
    click.echo(f"{email} can now {what_they_may(operator)}.")


def what_they_may(operator: bool) -> str:
    board = "work the kitchen's board"
    return f"{board} and read the operator's page" if operator else board
