"""The shop's settings: parsed once, from the environment, into one typed object.

``Settings.from_environ(os.environ)`` reads every variable the shop knows, checks
it, and refuses a wrong one at once with a ``SettingsError`` that names the
variable and says what it accepts. The entry points (the ``pizza`` command and
``webapp.create_app``) do this before anything starts, and hand the object to
the runner and the web app.

Storage stays the ``eventsourcing`` library's own business: its variables
(``PERSISTENCE_MODULE``, ``SQLALCHEMY_URL``, ``POSTGRES_*``, and the same with an
application's prefix such as ``ORDERS_``) pass through untouched in ``env``, with
the shop's default filled in: ``eventsourcing_sqlalchemy`` on a SQLite file in the
data folder, and with PostgreSQL short timeouts (``POSTGRES_DEFAULTS``). The
library builds each application from that ``env``, so an
application that needs a setting of its own (the password hashing of
``Accounts``, the delays of ``Autopilot``) reads it back from the ``env`` it was
given, with this same parser (``ShopApplication.settings``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

SQLALCHEMY_MODULE = "eventsourcing_sqlalchemy"
POSTGRES_MODULE = "eventsourcing.postgres"
FAIL_FAST = "pizza.infrastructure.fail_fast"
POSTGRES_DEFAULTS = {
    # Fail fast while the database is away, rather than hang: 1 s to get a
    # connection, 2 s to wait for a lock; a pooled connection is checked
    # before use, so one the server dropped (a restart) is replaced.
    "POSTGRES_CONNECT_TIMEOUT": "1",
    "POSTGRES_LOCK_TIMEOUT": "2",
    "POSTGRES_PRE_PING": "y",
    # Each application of each process has its own pool: keep one connection
    # open and grow to ten under load, so a whole production set stays well
    # inside PostgreSQL's default of 100 connections.
    "POSTGRES_POOL_SIZE": "1",
    "POSTGRES_MAX_OVERFLOW": "9",
    # Recorders that try once, not ten times (see pizza.infrastructure.fail_fast).
    "APPLICATION_RECORDER_TOPIC": f"{FAIL_FAST}:FailFastApplicationRecorder",
    "PROCESS_RECORDER_TOPIC": f"{FAIL_FAST}:FailFastProcessRecorder",
}
DATABASE_FILE = "pizza.sqlite"
ON_OFF = {"on": True, "off": False}

Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class SettingsError(ValueError):
    """A setting the shop cannot run with; the message names the variable and
    says what it accepts."""


class Settings(BaseModel):
    """Every setting of the shop, typed and checked. ``env`` is what the
    library's applications are built with."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    env: Mapping[str, str] = Field(repr=False)
    embedded: bool
    data_dir: Path = Field(
        Path("data"),
        alias="PIZZA_DATA_DIR",
        description="a folder, where the embedded default keeps its SQLite file "
        "and secret key (default ./data)",
    )
    secret_key: SecretStr | None = Field(
        None,
        alias="PIZZA_SECRET_KEY",
        min_length=16,
        description="at least 16 characters, signing sessions, CSRF tokens and "
        "API tokens (default: a random key kept in the data folder)",
    )
    autopilot: bool = Field(
        alias="PIZZA_AUTOPILOT",
        strict=True,
        description="on or off (default on with the embedded storage, else off)",
    )
    autopilot_delays: tuple[Seconds, Seconds, Seconds, Seconds] = Field(
        (3.0, 6.0, 8.0, 10.0),
        alias="AUTOPILOT_DELAYS",
        description="four numbers of seconds, comma-separated, before the "
        "autopilot moves a validated, assembling, baking and out-for-delivery "
        "order on (default 3,6,8,10)",
    )
    watchdog_stuck_after: Seconds = Field(
        900.0,
        alias="WATCHDOG_STUCK_AFTER",
        description="seconds without a move before an order is flagged delayed, "
        "0 for no watchdog (default 900)",
    )
    watchdog_interval: Annotated[float, Field(gt=0, allow_inf_nan=False)] = Field(
        30.0,
        alias="WATCHDOG_INTERVAL",
        description="seconds between the watchdog's checks, more than 0 (default 30)",
    )
    password_hashing: Literal["RFC_9106_LOW_MEMORY", "CHEAPEST"] = Field(
        "RFC_9106_LOW_MEMORY",
        alias="PASSWORD_HASHING",
        description="RFC_9106_LOW_MEMORY (the default), or CHEAPEST for tests only",
    )
    https: bool = Field(
        False,
        alias="PIZZA_HTTPS",
        strict=True,
        description="on when the shop is served over HTTPS (behind a proxy that "
        "terminates it): cookies are then sent only over HTTPS (default off)",
    )
    proxies: int = Field(
        0,
        alias="PIZZA_PROXIES",
        ge=0,
        le=5,
        description="how many proxies in front of the web set X-Forwarded-For and "
        "-Proto that can be trusted: 0 to 5 (default 0; pizza up --proxy sets 1)",
    )
    base_url: str | None = Field(
        None,
        alias="PIZZA_BASE_URL",
        pattern=r"^https?://[^/]+/?$",
        description="the shop's address as customers reach it, like "
        "https://pizza.example.com, for links in emails (default: the address "
        "a request came to; set it in production)",
    )
    smtp_host: str | None = Field(
        None,
        alias="PIZZA_SMTP_HOST",
        description="the SMTP server that sends the shop's emails (default: none, "
        "and emails go to the outbox folder in the data folder)",
    )
    smtp_port: int = Field(
        25, alias="PIZZA_SMTP_PORT", ge=1, le=65535, description="a TCP port"
    )
    smtp_starttls: bool = Field(
        False, alias="PIZZA_SMTP_STARTTLS", strict=True, description="on or off"
    )
    smtp_user: str | None = Field(
        None, alias="PIZZA_SMTP_USER", description="the SMTP login, if it needs one"
    )
    smtp_password: SecretStr | None = Field(
        None, alias="PIZZA_SMTP_PASSWORD", description="the SMTP password"
    )
    mail_from: str = Field(
        "Pizza <pizza@localhost>",
        alias="PIZZA_MAIL_FROM",
        description="the From of the shop's emails",
    )
    log_format: Literal["text", "json"] = Field(
        "text",
        alias="PIZZA_LOG_FORMAT",
        description="text or json: how each log line is written (json: one "
        "object a line, for a log collector)",
    )
    metrics_token: SecretStr | None = Field(
        None,
        alias="PIZZA_METRICS_TOKEN",
        min_length=16,
        description="a token of at least 16 characters that monitoring sends as "
        "'Authorization: Bearer TOKEN' to read /metrics (unset: /metrics is off)",
    )
    view_wait: Seconds = Field(
        5.0,
        alias="PIZZA_VIEW_WAIT",
        description="seconds a command waits for the order status view to show "
        "its effect before it answers anyway (default 5)",
    )

    @field_validator("autopilot", "https", "smtp_starttls", mode="before")
    @classmethod
    def on_or_off(cls, value: object) -> object:
        return ON_OFF.get(value, value) if isinstance(value, str) else value

    @field_validator("autopilot_delays", mode="before")
    @classmethod
    def comma_separated(cls, value: object) -> object:
        return value.split(",") if isinstance(value, str) else value

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """The settings in ``environ``; raises ``SettingsError`` for the first
        wrong one. Without ``PERSISTENCE_MODULE``, storage is the embedded
        default and the autopilot is on unless ``PIZZA_AUTOPILOT`` says."""
        env = dict(environ)
        embedded = "PERSISTENCE_MODULE" not in env
        if embedded:
            data_dir = Path(env.get("PIZZA_DATA_DIR") or "data")
            env["PERSISTENCE_MODULE"] = SQLALCHEMY_MODULE
            env.setdefault("SQLALCHEMY_URL", f"sqlite:///{data_dir / DATABASE_FILE}")
        env.setdefault("PIZZA_AUTOPILOT", "on" if embedded else "off")
        if env["PERSISTENCE_MODULE"] == POSTGRES_MODULE:
            env = {**POSTGRES_DEFAULTS, **env}
        try:
            return cls.model_validate({**env, "env": env, "embedded": embedded})
        except ValidationError as error:
            raise refusal(error, env) from None


def refusal(error: ValidationError, env: Mapping[str, str]) -> SettingsError:
    """The first problem, as a person would want to read it."""
    variable = str(error.errors()[0]["loc"][0])
    field = next(
        field for field in Settings.model_fields.values() if field.alias == variable
    )
    value = env.get(variable, "")
    shown = "(hidden)" if field.annotation == SecretStr | None else repr(value)
    return SettingsError(
        f"{variable}={shown} is not accepted: it takes {field.description}."
    )


def load_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings of this process, from its environment. On the embedded
    default it also makes the data folder private (0700) and the database file
    (0600: SQLite gives its journal files the same), since they hold password
    hashes, names, addresses and phone numbers."""
    settings = Settings.from_environ(environ)
    if settings.embedded:
        settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        settings.data_dir.chmod(0o700)
        database = settings.data_dir / DATABASE_FILE
        database.touch(mode=0o600)
        database.chmod(0o600)
    return settings
