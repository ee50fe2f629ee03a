"""Security headers on every answer, by Flask-Talisman.

A strict Content-Security-Policy (scripts, styles and live streams from this
site only; no inline script or style, no plugins, no framing), frame protection
for browsers that predate CSP's ``frame-ancestors``, ``nosniff``, a referrer
policy that keeps order ids in our own URLs, and a permissions policy that
turns off what the shop never uses. Behind HTTPS (``PIZZA_HTTPS=on``) it also
sends HSTS and redirects plain HTTP.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

from pizza.settings import Settings

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "browsing-topics",
    )
}


def secure_headers(app: Flask, settings: Settings) -> None:
    Talisman(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy=PERMISSIONS_POLICY,
        force_https=settings.https,
        strict_transport_security=settings.https,
        session_cookie_secure=settings.https,
    )
