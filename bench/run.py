"""Benchmarks: gunicorn on PostgreSQL, load from wrk in a second process, figures printed.

    python -m bench.run [--sizes 1000 10000] [--duration 10] [--connections 32] [--write-docs]

For each size, a fresh database of synthetic services (bench/synthetic.py) is served by
gunicorn; wrk measures a careful hand-written listing of the same cards (bench/reference_app.py),
then Jaga's directory page, its htmx fragment cached (plain, and compressed as a phone asks),
uncached (page cache off) and with a unique tracking argument on every request, a search and a service page; a minimal Flask app
served the same way gives the ceiling. It prints requests/s, p50/p99 latency, each figure as a
share of the reference and of the ceiling, how much slower 10,000 services are than 1,000, the
SQL queries each request makes, and the bytes a phone downloads on a first and a repeat visit.
Figures are not asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import os
import re
import shutil
import socket
import subprocess  # nosec B404
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("JAGA_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")
FRAGMENT = "/ms/directory?state=MY-10"
HTMX = {"HX-Request": "true"}
# What a phone's browser sends: the page comes back Brotli-compressed.
PHONE_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br, zstd"}
# (label, path, headers, wrk script): measured on Jaga with its page cache on.
TARGETS = [
    ("directory page", FRAGMENT, {}, None),
    ("directory fragment, cached", FRAGMENT, HTMX, None),
    ("directory fragment, cached, compressed as phones ask", FRAGMENT,
     {**HTMX, **PHONE_ENCODINGS}, None),
    ("directory fragment, unique tracking argument", FRAGMENT, HTMX, "unique_args.lua"),
    ("search", "/ms/search?q=kaunseling", {}, None),
    # A real word no synthetic service contains: the whole index is asked, nothing is found.
    ("search, no service matches", "/ms/search?q=anxiety", {}, None),
    ("service page", "/ms/services/synthetic-00042", {}, None),
]
UNCACHED = "directory fragment, page cache off"
REFERENCE = "hand-written reference (bench/reference_app.py)"


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected latency from wrk: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, headers: dict, duration: int, connections: int, script: str | None = None) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(ROOT / "bench" / script)]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # nosec B603
    if "Requests/sec" not in output or "50%" not in output:
        raise RuntimeError(f"wrk gave no figures for {url}:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    distribution = output.split("Latency Distribution", 1)[1]
    p50 = to_ms(re.search(r"^\s*50%\s+(\S+)", distribution, re.M).group(1))
    p99 = to_ms(re.search(r"^\s*99%\s+(\S+)", distribution, re.M).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Result(rps, p50, p99, errors)


@contextlib.contextmanager
def gunicorn(app: str, env: dict, workers: int):
    port = free_port()
    process = subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/")
                connection.getresponse().read()
                break
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def create_database(name: str) -> str:
    admin = sa.create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{PG}/{name}"


def drop_database(name: str) -> None:
    admin = sa.create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def queries_per_request(database_url: str) -> dict[str, int]:
    """SQL statements per request, counted in-process with the page cache off."""
    from directory import create_app
    from directory.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False,
                      "PAGE_CACHE_ENABLED": False})
    client = app.test_client()
    counts = {}
    for label, path, headers, _script in TARGETS:
        client.get(path, headers=headers)  # warm the per-process caches
        statements = []
        listener = lambda *args: statements.append(1)  # noqa: E731
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", listener)
        client.get(path, headers=headers)
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", listener)
        counts[label] = len(statements)
    with app.app_context():
        db.engine.dispose()
    return counts


def fetch(base: str, path: str, headers: dict) -> tuple[int, int, dict]:
    """(status, bytes on the wire: headers + body, response headers)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    head = sum(len(k) + len(v) + 4 for k, v in response.getheaders()) + 17
    return response.status, head + len(body), dict(response.getheaders())


def page_weight(base: str) -> dict[str, int]:
    """Bytes for a first visit (pages and every asset) and a repeat visit (pages revalidated
    with If-None-Match, fingerprinted assets reused from the cache), as a phone with
    gzip and Brotli support would download them."""
    accept = {"Accept-Encoding": "gzip, br", "Accept-Language": "ms"}
    first, repeat, assets = 0, 0, set()
    for path in ("/ms/", "/ms/directory?state=MY-10"):
        status, size, headers = fetch(base, path, accept)
        first += size
        html = fetch_text(base, path)
        assets |= set(re.findall(r'(?:src|href)="(/static/[^"]+|/[a-z]{2}/manifest\.webmanifest)"', html))
        status, size, _ = fetch(base, path, {**accept, "If-None-Match": headers.get("ETag", "")})
        repeat += size
    for asset in sorted(assets):
        first += fetch(base, asset, accept)[1]
    return {"first visit": first, "repeat visit": repeat, "assets": len(assets)}


def fetch_text(base: str, path: str) -> str:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path)
    return connection.getresponse().read().decode()


def measure(base: str, path: str, headers: dict, args, script: str | None = None) -> Result:
    wrk(base + path, headers, 2, args.connections, script)  # warm up
    return wrk(base + path, headers, args.duration, args.connections, script)


def main() -> int:
    parser = argparse.ArgumentParser(description="Jaga benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    env = {"RATELIMIT_ENABLED": "false", "SECRET_KEY": "b" * 48, "JAGA_ENV": "production",
           "PUBLIC_BASE_URL": "http://127.0.0.1"}
    results: dict[int, dict[str, Result]] = {}
    queries: dict[int, dict[str, int]] = {}
    weight = {}
    with gunicorn("bench.minimal_app:app", env, args.workers) as base:
        ceiling = measure(base, "/", {}, args)
    for size in args.sizes:
        name = f"jaga_bench_{size}"
        url = create_database(name)
        from bench.synthetic import build
        from directory import create_app

        build(create_app({"SQLALCHEMY_DATABASE_URI": url}), size)
        queries[size] = queries_per_request(url)
        row = results[size] = {}
        with gunicorn("bench.reference_app:app", {**env, "DATABASE_URL": url}, args.workers) as base:
            row[REFERENCE] = measure(base, FRAGMENT, {}, args)
        with gunicorn("wsgi:app", {**env, "DATABASE_URL": url}, args.workers) as base:
            for label, path, headers, script in TARGETS:
                row[label] = measure(base, path, headers, args, script)
            if size == args.sizes[0]:
                weight = page_weight(base)
        with gunicorn("wsgi:app", {**env, "DATABASE_URL": url, "JAGA_PAGE_CACHE": "off"},
                      args.workers) as base:
            row[UNCACHED] = measure(base, FRAGMENT, HTMX, args)
        drop_database(name)
    report = render(args, ceiling, results, queries, weight)
    print(report)
    if args.write_docs:
        write_docs(report)
    return 0


def render(args, ceiling: Result, results, queries, weight) -> str:
    lines = [
        f"Measured {dt.date.today().isoformat()} on this machine: {os.cpu_count()} cores, gunicorn "
        f"--workers {args.workers} (sync), PostgreSQL on 127.0.0.1, wrk -t2 -c{args.connections} "
        f"-d{args.duration}s on loopback (load generator and server share the cores). Shares are "
        f"of the hand-written reference listing of the same cards (one SQL query with arrays, a "
        f"plain Jinja loop) and of the hello-world ceiling, measured in the same run.",
        "",
        f"Ceiling (minimal Flask route, same gunicorn settings): {ceiling.rps:,.0f} requests/s, "
        f"p50 {ceiling.p50_ms:.1f} ms, p99 {ceiling.p99_ms:.1f} ms.",
        "",
        "| services | endpoint | requests/s | share of reference | share of ceiling | p50 ms "
        "| p99 ms | errors | SQL queries |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, row in results.items():
        reference = row[REFERENCE].rps
        for label, r in row.items():
            sql = queries[size].get("directory fragment, cached" if label == UNCACHED else label, "1")
            lines.append(f"| {size:,} | {label} | {r.rps:,.0f} | {r.rps / reference:.0%} | "
                         f"{r.rps / ceiling.rps:.0%} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | "
                         f"{r.errors} | {sql} |")
    lines += ["", "SQL queries: statements per request with the page cache off (cards warm), "
              "the data-version check included."]
    if len(results) >= 2:
        small, large = list(results)[0], list(results)[-1]
        lines += ["", f"Cost of {large:,} services against {small:,} (requests/s ratio, p99 ratio):", ""]
        for label in results[small]:
            a, b = results[small][label], results[large][label]
            lines.append(f"- {label}: {a.rps / b.rps:.2f}x slower, p99 {b.p99_ms / a.p99_ms:.2f}x")
    lines += ["", "Targets (issue 16):", ""]
    for size, row in results.items():
        reference, cached = row[REFERENCE].rps, row["directory fragment, cached"].rps
        tracked = row["directory fragment, unique tracking argument"].rps
        lines += [
            f"- {size:,}: uncached fragment {row[UNCACHED].rps / reference:.0%} of the reference "
            f"(target 60 %), search {row['search'].rps / reference:.0%} (target 40 %; no "
            f"service matches {row['search, no service matches'].rps / reference:.0%}), unique "
            f"tracking argument {tracked / cached:.0%} of the cached fragment (target ~100 %), "
            f"cached fragment {cached / ceiling.rps:.0%} of the ceiling (target 55 %)."]
    if weight:
        lines += ["", f"Bytes on the wire, home page then the directory (gzip/Brotli): first visit "
                  f"{weight['first visit'] / 1024:.1f} KB ({weight['assets']} static files), repeat "
                  f"visit {weight['repeat visit'] / 1024:.1f} KB (pages answered 304, static files "
                  f"cached for a year by their fingerprinted URLs)."]
    return "\n".join(lines)


def write_docs(report: str) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    path.write_text(f"{before}{start}\n{report}\n{end}{after}", encoding="utf-8")
    print(f"\nWrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
