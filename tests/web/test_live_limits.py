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


def test_one_customer_cannot_take_every_live_page(
    runner: SingleThreadedRunner[UUID],
) -> None:
    app = make_app(
        runner,
        WTF_CSRF_ENABLED=False,
        MAX_LIVE_STREAMS=3,
        MAX_LIVE_STREAMS_PER_CUSTOMER=2,
    )
    ann, bob = app.test_client(), app.test_client()
    Auth(ann).signup()
    Auth(bob).signup(name="Bob")
    anns = f"/orders/{order_pizzas(ann)}/events"
    bobs = f"/orders/{order_pizzas(bob)}/events"

    open_pages = [ann.get(anns, buffered=False) for _ in range(2)]
    refused = ann.get(anns, buffered=False)
    bobs_page = bob.get(bobs, buffered=False)
    for response in (*open_pages, refused, bobs_page):
        response.close()

    assert [page.status_code for page in open_pages] == [200, 200]
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "5"
    assert bobs_page.status_code == 200
