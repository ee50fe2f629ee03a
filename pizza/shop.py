"""What all of the shop's applications share."""

from __future__ import annotations

from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from pizza.transcodings import PizzaRequestAsDict


class ShopApplication(Application[Any]):
    """Mixed into each of the shop's applications.

    Every application that writes or reads the shop's events registers the same
    transcodings: a follower decodes its leaders' events with its own transcoder.
    """

    log_section_size = 100

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(PizzaRequestAsDict())
