"""Logging that never records what people searched for."""

import logging
import re

QUERY = re.compile(r"\?[^\s\"]*")


class DropQueryStrings(logging.Filter):
    """Removes `?…` from request lines (the development server logs whole URLs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(QUERY.sub("", a) if isinstance(a, str) else a for a in record.args)
        record.msg = QUERY.sub("", record.msg) if isinstance(record.msg, str) else record.msg
        return True


def init_app(app) -> None:
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropQueryStrings) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(DropQueryStrings())
