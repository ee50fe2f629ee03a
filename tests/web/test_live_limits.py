"""Live pages hold a server thread each, so only so many may be open at once."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.system import SingleThreadedRunner

from tests.web.conftest import Auth, make_app
from tests.web.helpers import order_pizzas


def test_streams_past_the_cap_are_refused_until_one_closes(
    runner: SingleThreadedRunner[UUID],
) -> None:
    app = make_app(runner, WTF_CSRF_ENABLED=False, MAX_LIVE_STREAMS=1)
    client = app.test_client()
    Auth(client).signup()
    order_id = order_pizzas(client)
    events = f"/orders/{order_id}/events"

    first = client.get(events, buffered=False)
    refused = client.get(events, buffered=False)
    first.close()
    after = client.get(events, buffered=False)
    after.close()

    assert first.status_code == 200
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "5"
    assert after.status_code == 200
