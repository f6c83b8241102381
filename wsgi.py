"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from directory import create_app

app = create_app()
