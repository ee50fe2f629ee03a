"""Persistence settings: the library's own environment variables, our defaults.

Every application reads the usual ``eventsourcing`` variables (``PERSISTENCE_MODULE``,
``SQLALCHEMY_URL``, ``POSTGRES_*``, and the same with an application's prefix such as
``ORDERS_``). This module fills in the shop's defaults and says where the order
status view keeps its SQL tables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from eventsourcing.utils import Environment
from sqlalchemy.engine import URL

SQLALCHEMY_MODULE = "eventsourcing_sqlalchemy"
POSTGRES_MODULE = "eventsourcing.postgres"
SQLITE_MODULE = "eventsourcing.sqlite"
POPO_MODULES = ("eventsourcing.popo", "popo", "")
DATA_DIR_VARIABLE = "PIZZA_DATA_DIR"
DEFAULT_DATA_DIR = "data"
DATABASE_FILE = "pizza.sqlite"


class ConfigurationError(Exception):
    """The environment does not say enough to run the shop."""


def shop_env(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment for the shop's applications: ``environ`` over our defaults.

    With no ``PERSISTENCE_MODULE`` set, the shop runs on its embedded default:
    ``eventsourcing_sqlalchemy`` on a SQLite file in the data folder
    (``PIZZA_DATA_DIR``, default ``./data``), which is created if missing, with
    the autopilot on (``PIZZA_AUTOPILOT``; off unless set, otherwise).
    """
    env = dict(environ)
    if "PERSISTENCE_MODULE" not in env:
        data_dir = Path(env.get(DATA_DIR_VARIABLE, DEFAULT_DATA_DIR))
        data_dir.mkdir(parents=True, exist_ok=True)
        env["PERSISTENCE_MODULE"] = SQLALCHEMY_MODULE
        env.setdefault("SQLALCHEMY_URL", f"sqlite:///{data_dir / DATABASE_FILE}")
        env.setdefault("PIZZA_AUTOPILOT", "on")
    return env


def view_environment(env: Environment) -> Environment:
    """The environment of a view kept in SQL tables through SQLAlchemy.

    The view sits in the same database as the events where it can: the same
    SQLAlchemy URL, the same PostgreSQL database, the same SQLite file. With
    in-memory events it uses an in-memory SQLite database. ``<NAME>_SQLALCHEMY_URL``
    (for example ``ORDERSTATUS_SQLALCHEMY_URL``) puts it anywhere else.
    """
    prefix = env.name.upper()
    view_env = Environment(env.name, env)
    view_env[f"{prefix}_SQLALCHEMY_URL"] = view_database_url(env)
    view_env[f"{prefix}_PERSISTENCE_MODULE"] = SQLALCHEMY_MODULE
    return view_env


def view_database_url(env: Environment) -> str:
    own_url = dict.get(env, f"{env.name.upper()}_SQLALCHEMY_URL")
    if own_url:
        return own_url
    module = env.get("PERSISTENCE_MODULE", "")
    if module == SQLALCHEMY_MODULE:
        url = env.get("SQLALCHEMY_URL")
        if not url:
            raise ConfigurationError("SQLALCHEMY_URL is not set")
        return url
    if module == POSTGRES_MODULE:
        return postgres_url(env).render_as_string(hide_password=False)
    if module == SQLITE_MODULE:
        return f"sqlite:///{env.get('SQLITE_DBNAME', ':memory:')}"
    if module in POPO_MODULES:
        return "sqlite:///:memory:"
    raise ConfigurationError(
        f"No default database for the {env.name} view with PERSISTENCE_MODULE="
        f"{module!r}: set {env.name.upper()}_SQLALCHEMY_URL"
    )


def postgres_url(env: Environment) -> URL:
    port = env.get("POSTGRES_PORT")
    return URL.create(
        "postgresql+psycopg",
        username=env.get("POSTGRES_USER"),
        password=env.get("POSTGRES_PASSWORD"),
        host=env.get("POSTGRES_HOST"),
        port=int(port) if port else None,
        database=env.get("POSTGRES_DBNAME"),
    )
