"""The shop's web app: a Flask app factory over the running system.

For now a landing page and a health check; the customer shop comes next.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.system import Runner
from flask import Flask, jsonify, render_template_string
from flask.typing import ResponseReturnValue

from pizza.status import OrderStatus

LANDING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pizza</title></head>
<body><h1>Pizza</h1>
<p>The order pipeline is running. Orders so far:</p>
<ul>{% for status, count in counts.items() %}<li>{{ status }}: {{ count }}</li>
{% else %}<li>none yet</li>{% endfor %}</ul>
</body></html>"""


def create_app(runner: Runner[Any], config: dict[str, Any] | None = None) -> Flask:
    """Builds the web app over a started runner of the ``PizzaSystem``."""
    app = Flask(__name__)
    app.config.update(config or {})
    status = runner.get(OrderStatus)

    @app.get("/")
    def index() -> ResponseReturnValue:
        """The landing page, with the number of orders in each status."""
        return render_template_string(LANDING_PAGE, counts=status.count_by_status())

    @app.get("/health")
    def health() -> ResponseReturnValue:
        """JSON saying the store answers, with the order counts."""
        return jsonify(status="ok", orders=status.count_by_status())

    return app
