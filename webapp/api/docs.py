"""The API's OpenAPI document and its interactive documentation.

``/api/openapi.json`` is the document flask-openapi3 generates from the API's
routes and models; ``/api/docs`` shows it with Swagger UI, served from the
``flask-openapi3-swagger`` package (no CDN) and started by a script of ours,
so the page keeps the shop's Content-Security-Policy (no inline script or
style).
"""

from __future__ import annotations

from importlib.resources import files

from flask import Blueprint, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue

from webapp.api.document import ShopApi

SWAGGER_UI = str(files("flask_openapi3_swagger") / "templates" / "swagger")

bp = Blueprint(
    "api_docs",
    __name__,
    static_folder=SWAGGER_UI,
    static_url_path="/api/docs/swagger-ui",
)


@bp.get("/api/openapi.json")
def document() -> ResponseReturnValue:
    """The OpenAPI 3.1 document that describes the JSON API."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    assert isinstance(app, ShopApi)
    return jsonify(app.api_doc)


@bp.get("/api/docs")
def docs() -> ResponseReturnValue:
    """Swagger UI on the document: read it, and try the API from the page."""
    return render_template("api_docs.html")
