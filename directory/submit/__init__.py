"""NGO and public forms: suggest a service, propose an update, report a problem, and check a
submission's status. Everything sent is saved in one transaction before the reply."""

from flask import Blueprint

bp = Blueprint("submit", __name__, url_prefix="/<lang>")

from . import submit_views  # noqa: E402,F401
