"""gunicorn settings: `gunicorn wsgi:app` reads this file from the working directory."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# The app refuses per-process rate limits (memory://) in production with several workers.
os.environ["JAGA_WORKERS"] = str(workers)
# Access logs record the path only (%(U)s), never the query string: search text must not be logged.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
# Every field of an access-log line is escaped: a CR/LF in a path cannot forge a line.
logger_class = "directory.web.logs.SafeAccessLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
