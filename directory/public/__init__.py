"""Help-seekers' pages, all under /<lang>/: home, directory, services, search, guides,
sessions and the offline crisis card."""

from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/<lang>")

from . import (  # noqa: E402,F401
    directory_views, guide_views, line_feedback_views, offline_views, search_views, session_views,
)
