"""The ``pizza`` command group, and the settings every command starts from."""

from __future__ import annotations

import warnings

import click
from sqlalchemy.exc import SAWarning

from pizza.logs import configure_logging
from pizza.settings import POSTGRES_MODULE, Settings, SettingsError, load_settings

SIMILAR_CLASS_NAMES = "This declarative base already contains a class"


@click.group()
def main() -> None:
    """Run and inspect the pizza shop.

    Storage comes from the eventsourcing library's environment variables
    (PERSISTENCE_MODULE, SQLALCHEMY_URL, POSTGRES_*); by default a SQLite file
    in ./data (PIZZA_DATA_DIR).
    """
    # eventsourcing_sqlalchemy gives every tracking record class the same name.
    warnings.filterwarnings("ignore", SIMILAR_CLASS_NAMES, SAWarning)
    configure_logging("text")  # until the settings say otherwise


def shop_settings() -> Settings:
    """The settings of this process; a wrong one stops the command at once,
    naming the variable and what it accepts."""
    try:
        settings = load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    configure_logging(settings.log_format)
    return settings


def production_settings(*, web: bool = False) -> Settings:
    """The settings, which must name a PostgreSQL database (and, for the web,
    a secret key every web process shares)."""
    settings = shop_settings()
    if settings.env.get("PERSISTENCE_MODULE") != POSTGRES_MODULE:
        raise click.ClickException(
            "The production mode runs on PostgreSQL: set PERSISTENCE_MODULE="
            f"{POSTGRES_MODULE} and POSTGRES_HOST, _PORT, _USER, _PASSWORD, _DBNAME "
            "(pizza serve runs the shop in one process on a SQLite file)."
        )
    if web and settings.secret_key is None:
        raise click.ClickException(
            "PIZZA_SECRET_KEY is required in production: every web process must "
            "sign sessions and tokens with the same key (at least 16 characters)."
        )
    return settings
