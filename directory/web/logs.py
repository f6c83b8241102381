"""Logging that never records what people searched for, and that a request cannot forge.

A URL path may carry an encoded CR/LF (`%0d%0a`); written raw, it would start a fake log line.
Every string a log line takes from a request is escaped: control characters become `\\xNN`.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

QUERY = re.compile(r"\?[^\s\"]*")
CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def escape_controls(text: str) -> str:
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _clean_args(args, clean):
    if isinstance(args, dict):
        return {k: clean(v) if isinstance(v, str) else v for k, v in args.items()}
    return tuple(clean(a) if isinstance(a, str) else a for a in args)


class DropQueryStrings(logging.Filter):
    """Removes `?…` from request lines (the development server logs whole URLs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = _clean_args(record.args, lambda a: QUERY.sub("", a))
        record.msg = QUERY.sub("", record.msg) if isinstance(record.msg, str) else record.msg
        return True


class EscapeControlCharacters(logging.Filter):
    """Escapes CR/LF and other control characters in a record's arguments (what came from the
    request); the message template itself and tracebacks are the program's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = _clean_args(record.args, escape_controls)
        return True


class SafeAccessLogger(GunicornLogger):
    """gunicorn's logger (`logger_class` in gunicorn.conf.py) with every access-log field
    escaped, so a path cannot write a line of its own."""

    def atoms(self, resp, req, environ, request_time):
        return {key: escape_controls(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}


def _add_once(logger: logging.Logger, kind) -> None:
    if not any(isinstance(f, kind) for f in logger.filters):
        logger.addFilter(kind())


def init_app(app) -> None:
    werkzeug_logger = logging.getLogger("werkzeug")
    _add_once(werkzeug_logger, DropQueryStrings)
    for logger in (werkzeug_logger, app.logger, logging.getLogger("flask-limiter"),
                   logging.getLogger("gunicorn.error")):
        _add_once(logger, EscapeControlCharacters)
    # The warning that rate limits fell back to per-process counting must reach the error log.
    limiter_logger = logging.getLogger("flask-limiter")
    if not any(type(h) is not logging.NullHandler for h in limiter_logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
        limiter_logger.addHandler(handler)
        limiter_logger.setLevel(logging.INFO)
