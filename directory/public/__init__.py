"""Help-seekers' pages, all under /<lang>/: home, directory, services, search, guides,
sessions and the offline crisis card."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/<lang>")

from . import directory_views, guide_views, offline_views, search_views, session_views  # noqa: E402,F401
