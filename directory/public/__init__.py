"""Help-seekers' pages: home, directory, service pages (all under /<lang>/)."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/<lang>")

from . import routes  # noqa: E402,F401  (registers the views)
