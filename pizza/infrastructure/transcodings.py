"""How the shop's value objects are stored in events.

Extends the library's ``JSONTranscoder`` the way it asks to be extended: one
``Transcoding`` per type that JSON cannot hold as it is. Registered on every
application by ``ShopApplication``, since followers decode their leaders' events.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Transcoding

from pizza.domain.request import PizzaRequest


class PizzaRequestAsDict(Transcoding):
    type = PizzaRequest
    name = "pizza_request"

    def encode(self, obj: PizzaRequest) -> dict[str, Any]:
        return obj.as_dict()

    def decode(self, data: dict[str, Any]) -> PizzaRequest:
        return PizzaRequest(
            sauce=data["sauce"],
            cheese=data["cheese"],
            main_topping=data["main_topping"],
            extra_toppings=tuple(data["extra_toppings"]),
        )
