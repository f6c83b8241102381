"""The current time, replaceable in tests through the CLOCK setting."""

import datetime as dt

from flask import current_app


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def now() -> dt.datetime:
    return now_in(current_app)


def now_in(app) -> dt.datetime:
    """The time in `app`, outside a request too."""
    return (app.config["CLOCK"] or system_now)()
