"""What all of the shop's applications share."""

from __future__ import annotations

from threading import Lock, Semaphore
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory, JSONTranscoder
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory

from pizza.transcodings import PizzaRequestAsDict

_write_locks: dict[str, Semaphore] = {}
_write_locks_lock = Lock()


def share_sqlite_write_lock(datastore: SQLAlchemyDatastore) -> None:
    """Makes every datastore on the same SQLite file in this process take turns
    on one lock.

    SQLite has one writer per file. ``eventsourcing_sqlalchemy`` serialises the
    writers of each datastore, but each application has its own datastore, so
    without this their writers would meet in SQLite's busy handler, which waits by
    sleeping, and the pipeline would crawl.
    """
    if datastore.write_lock is None or datastore.engine is None:
        return
    with _write_locks_lock:
        url = str(datastore.engine.engine.url)
        datastore.write_lock = _write_locks.setdefault(url, datastore.write_lock)


class ShopApplication(Application[Any]):
    """Mixed into each of the shop's applications.

    Every application that writes or reads the shop's events registers the same
    transcodings: a follower decodes its leaders' events with its own transcoder.
    """

    log_section_size = 100

    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        factory = super().construct_factory(env)
        if isinstance(factory, SQLAlchemyFactory):
            share_sqlite_write_lock(factory.datastore)
        return factory

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(PizzaRequestAsDict())
