"""Site-level routes outside the language prefix: the root redirect, /healthz, /robots.txt and
the service worker (/sw.js): ops_views.py."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

from . import ops_views  # noqa: E402,F401  (register the views)
