"""The current time, replaceable in tests through the CLOCK setting."""

import datetime as dt

from flask import current_app


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def now() -> dt.datetime:
    return (current_app.config["CLOCK"] or system_now)()
