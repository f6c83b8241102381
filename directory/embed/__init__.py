"""The widget under /embed/<lang>/directory (the only pages that may be framed), and the pages
that explain it (/<lang>/embed) and the open data (/<lang>/open-data): embed_views.py."""

from .embed_views import bp  # noqa: F401  (the blueprint is defined beside its views)
