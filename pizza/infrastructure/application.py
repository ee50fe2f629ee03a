"""The base of every shop application.

Extends the library's ``Application`` in two places it offers for it:
``register_transcodings`` (a follower decodes its leaders' events with its own
transcoder, so every application registers the same transcodings) and
``construct_factory`` (``eventsourcing_sqlalchemy``'s recorders are served by
their faster subclasses in ``core_recorders``, and on a SQLite file their
writers share one lock with every other application on that file: see
``sqlite_writers``). It also reads the shop's
typed settings back from the ``env`` the library built it with, seals personal
data in its events (``construct_mapper``, see ``privacy``), and on
PostgreSQL builds its tables while it holds the shop's schema lock, since
processes that start together would otherwise race in ``CREATE TABLE``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, TypeVar

from eventsourcing.application import Application
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
)
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory

from pizza.infrastructure import core_recorders
from pizza.infrastructure.privacy import SealedAsDict, SealingMapper, key_store
from pizza.infrastructure.sqlite_writers import share_sqlite_write_lock
from pizza.infrastructure.transcodings import PizzaRequestAsDict
from pizza.settings import POSTGRES_MODULE, SQLALCHEMY_MODULE, Settings

A = TypeVar("A")
T = TypeVar("T")


class ShopApplication(Application[Any]):
    """Mixed into each of the shop's applications."""

    log_section_size = 1000
    """The most events one read of a log may return (the rebuild's sections)."""

    def __init__(self, env: Any = None) -> None:
        # Building an application makes its tables: on PostgreSQL, one process
        # at a time (see ``postgres.schema_lock``).
        with schema_lock_for(self.construct_env(self.name, env)):
            super().__init__(env)

    @cached_property
    def settings(self) -> Settings:
        """The shop's settings, as the ``env`` this application was built with
        holds them (see ``pizza.settings``)."""
        return Settings.from_environ(self.env)

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        factory = super().construct_factory(with_core_recorders(env))
        if isinstance(factory, SQLAlchemyFactory):
            share_sqlite_write_lock(factory.datastore)
        return factory

    def construct_mapper(self) -> Mapper[Any]:
        """A mapper that seals personal data (see ``privacy``)."""
        transcoder = self.construct_transcoder()
        return self.factory.mapper(transcoder=transcoder, mapper_class=SealingMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(PizzaRequestAsDict())
        transcoder.register(SealedAsDict(key_store(self.env)))


def with_core_recorders(env: Environment) -> Environment:
    """The environment with ``eventsourcing_sqlalchemy``'s recorders served by
    their faster subclasses (see ``core_recorders``)."""
    if env.get("PERSISTENCE_MODULE") != SQLALCHEMY_MODULE:
        return env
    own_key = env.create_keys("PERSISTENCE_MODULE")[0]
    return Environment(env.name, {**env, own_key: core_recorders.FACTORY_TOPIC})


@contextmanager
def schema_lock_for(env: Environment) -> Iterator[None]:
    if env.get("PERSISTENCE_MODULE") != POSTGRES_MODULE:
        yield
        return
    from pizza.infrastructure.postgres import schema_lock  # needs psycopg

    with schema_lock(env):
        yield


class ConflictError(Exception):
    """Other decisions on the aggregate kept being saved first."""


def decide_and_save(
    load: Callable[[], A],
    decide: Callable[[A], T],
    save: Callable[[A], object],
    attempts: int = 5,
) -> T:
    """Loads an aggregate, decides on it as it is now, and saves the decision.

    If another decision was saved first (the save conflicts on the aggregate's
    version), decides again on the new state, so of two decisions that cannot
    both happen exactly one does. Raises ``ConflictError`` after ``attempts``.
    """
    for _ in range(attempts):
        aggregate = load()
        result = decide(aggregate)
        try:
            save(aggregate)
        except IntegrityError:
            continue
        return result
    raise ConflictError
