"""Scale-out test: two gunicorn instances behind nginx, on one PostgreSQL and one Redis.

    python -m bench.cluster        (make cluster-test)

Everything runs on loopback and is removed afterwards: a database made for the run, a private
redis-server on its own port (the machine's shared Redis is never touched), both app servers
and nginx (Debian's package, run as a child with its own prefix, not the system service) with
deploy/nginx.conf. It shows, and exits non-zero when one fails:
1. a Host or X-Forwarded-Host from the client never reaches a page;
2. rate limits hold across both instances (one count in Redis);
3. a moderator's change through the admin is visible through both instances at once;
4. stopping one instance mid-run loses no submission: every confirmed reference is on
   record exactly once;
5. with Redis stopped the site keeps serving pages and taking submissions, limits fall back
   per process and the error log says so;
6. a CR/LF in a path cannot forge an access-log line.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import subprocess  # nosec B404
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from bench.run import create_database, drop_database, free_port
from bench.soak import submission_form

ROOT = Path(__file__).resolve().parent.parent
SITE = "jaga.test"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
PASSWORD = "cluster test password 1"
results: list[tuple[bool, str]] = []


def check(ok: bool, what: str) -> None:
    results.append((ok, what))
    print(("PASS  " if ok else "FAIL  ") + what, flush=True)


class Browser:
    """A tiny HTTP client with cookies, bound to a loopback source address (the rate limits
    key on the address nginx sees)."""

    def __init__(self, port: int, source: str = "127.0.0.1", host: str = SITE):
        self.port, self.source, self.host, self.cookies = port, source, host, {}

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                source_address=(self.source, 0))
        body = urlencode(data, doseq=True) if data is not None else None
        sent = {"Host": self.host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, text

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def token(self, path: str) -> str:
        match = TOKEN.search(self.get(path)[2])
        return match.group(1) if match else ""


def ensure_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    print("nginx not found: installing Debian's package", flush=True)
    subprocess.run("apt-get update -qq && apt-get install -y -qq nginx >/dev/null",  # nosec B602
                   shell=True, check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                connection.request("GET", "/healthz", headers={"Host": SITE})
                connection.getresponse().read()
                return
            finally:
                connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


class AppServer:
    def __init__(self, name: str, env: dict, tmp: Path):
        self.name, self.env, self.tmp, self.port, self.process = name, env, tmp, free_port(), None

    @property
    def error_log(self) -> Path:
        return self.tmp / f"{self.name}-error.log"

    @property
    def access_log(self) -> Path:
        return self.tmp / f"{self.name}-access.log"

    def start(self) -> None:
        env = {**os.environ, **self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "GUNICORN_WORKERS": "2"}
        with open(self.access_log, "ab") as out, open(self.error_log, "ab") as err:
            self.process = subprocess.Popen(  # nosec B603
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT, env=env, stdout=out, stderr=err)
        wait_for_port(self.port)

    def stop(self) -> None:
        """A graceful stop (SIGTERM), as a deploy or an orchestrator does it."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_nginx(nginx: str, tmp: Path, servers: list[AppServer]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    upstreams = "\n".join(f"        server 127.0.0.1:{s.port} max_fails=1 fail_timeout=3s;"
                          for s in servers)
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    for marker, value in {"@@PREFIX@@": str(tmp), "@@LISTEN@@": f"127.0.0.1:{port}",
                          "@@SERVER_NAME@@": SITE, "@@UPSTREAMS@@": upstreams}.items():
        config = config.replace(marker, value)
    (tmp / "nginx.conf").write_text(config)
    subprocess.run([nginx, "-t", "-q", "-p", str(tmp), "-c", str(tmp / "nginx.conf")],  # nosec B603
                   check=True)
    process = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"),  # nosec B603
                                "-g", "daemon off;"])
    wait_for_port(port)
    return process, port


def start_redis(tmp: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",  # nosec B603 B607
                                "--save", "", "--appendonly", "no", "--dir", str(tmp)],
                               stdout=subprocess.DEVNULL)
    for _ in range(50):
        with contextlib.suppress(OSError), socket_to(port):
            return process, port
        time.sleep(0.1)
    raise RuntimeError("the private redis-server did not start")


@contextlib.contextmanager
def socket_to(port: int):
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        yield s


def submit_one(port: int, source: str) -> tuple[int, str | None, str]:
    browser = Browser(port, source)
    token = browser.token("/en/submit/new")
    marker = uuid.uuid4().hex[:12]
    status, headers, _ = browser.request("POST", "/en/submit/new",
                                         data={**submission_form(marker), "csrf_token": token})
    reference = headers["Location"].split("/")[-1].split("?")[0] if status == 303 else None
    return status, reference, marker


def scenario_hosts(port: int) -> None:
    try:
        status = Browser(port, host="evil.example").get("/en/services/befrienders-kuala-lumpur")[0]
    except (http.client.HTTPException, OSError):
        status = 444  # nginx closed the connection: the answer to an unknown Host
    check(status in (400, 444), f"1. Host: evil.example is refused (got {status})")
    browser = Browser(port)
    pages = [browser.get("/en/services/befrienders-kuala-lumpur",
                         headers={"X-Forwarded-Host": "evil.example"})[2] for _ in range(6)]
    clean = all("evil.example" not in p and f"http://{SITE}/en/services/" in p for p in pages)
    check(clean, "1. X-Forwarded-Host: evil.example never reaches a page (links use the public URL)")


def scenario_limits(port: int, servers: list[AppServer]) -> None:
    browser = Browser(port, source="127.0.0.2")
    codes = [browser.get("/en/submit/status/JG-AAAA-AAAA")[0] for _ in range(40)]
    allowed = sum(1 for c in codes if c != 429)
    served_by = [s.name for s in servers if "/submit/status/JG-AAAA-AAAA" in s.access_log.read_text()]
    check(allowed == 30 and len(served_by) == 2,
          f"2. a limit of 30/min allowed {allowed} of 40 requests spread over {served_by}")


def scenario_moderation(port: int, database_url: str) -> None:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        service_id = connection.execute(sa.text(
            "SELECT id FROM services WHERE slug = 'befrienders-kuala-lumpur'")).scalar_one()
    engine.dispose()
    reader = Browser(port, source="127.0.0.3")
    before = [reader.get("/en/services/befrienders-kuala-lumpur")[0] for _ in range(12)]
    moderator = Browser(port, source="127.0.0.4")
    token = moderator.token("/admin/login")
    status = moderator.request("POST", "/admin/login", data={
        "csrf_token": token, "email": "cluster@example.org", "password": PASSWORD})[0]
    token = moderator.token("/admin/")
    unpublished = moderator.request("POST", f"/admin/services/{service_id}/unpublish",
                                    data={"csrf_token": token, "reason": "cluster test"})[0]
    after = [reader.get("/en/services/befrienders-kuala-lumpur")[0] for _ in range(12)]
    check(set(before) == {200} and status == 302 and unpublished in (302, 303)
          and set(after) == {404},
          f"3. unpublished through the admin (sign-in {status}, unpublish {unpublished}): "
          f"before {sorted(set(before))}, right after {sorted(set(after))} on every request")


def scenario_stop_one(port: int, servers: list[AppServer], database_url: str) -> None:
    confirmed: dict[str, str] = {}
    statuses: dict[int, int] = {}
    lock, stop = threading.Lock(), threading.Event()
    counter = iter(range(10, 250))

    def worker():
        while not stop.is_set():
            with lock:
                n = next(counter, None)
            if n is None:
                return
            try:
                status, reference, marker = submit_one(port, f"127.0.3.{n}")
            except (http.client.HTTPException, OSError):
                status, reference, marker = -1, None, ""
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if reference:
                    confirmed[reference] = marker

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(6)
    servers[0].stop()
    stopped_at = len(confirmed)
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join(60)
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT reference, count(*), min(payload::text) FROM submissions "
            "WHERE reference = ANY(:refs) GROUP BY reference"), {"refs": list(confirmed)}).all()
        stored = connection.execute(sa.text(
            "SELECT count(*) FROM submissions WHERE payload::text LIKE '%Soak org%'")).scalar_one()
    engine.dispose()
    once = {r[0] for r in rows if r[1] == 1 and f"Soak org {confirmed[r[0]]}" in r[2]}
    # A 502 comes from nginx for a request the stopping server had not yet accepted: nginx does
    # not re-send a POST, so it was not saved (checked: stored == confirmed) and the sender
    # is told to try again. Retrying POSTs could save a submission twice.
    check(len(confirmed) > 0 and once == set(confirmed) and stored == len(confirmed)
          and set(statuses) <= {303, 502},
          f"4. {len(confirmed)} submissions confirmed ({stopped_at} before {servers[0].name} was "
          f"stopped), {len(once)} on record exactly once with what was sent, {stored} stored in "
          f"all (none unconfirmed); statuses {statuses}")
    servers[0].start()


def scenario_redis_down(port: int, redis: subprocess.Popen, servers: list[AppServer]) -> None:
    redis.terminate()
    redis.wait(10)
    browser = Browser(port, source="127.0.0.5")
    pages = [browser.get(path)[0] for path in ("/en/", "/ms/directory?state=MY-10",
                                               "/en/services/sneham-malaysia", "/ms/search?q=kaunseling")
             for _ in range(4)]
    submitted = [submit_one(port, f"127.0.4.{n}")[0] for n in range(6)]
    codes = [Browser(port, source="127.0.0.6").get("/en/submit/status/JG-AAAA-AAAA")[0]
             for _ in range(130)]
    allowed = sum(1 for c in codes if c != 429)
    time.sleep(0.5)
    logged = [s.name for s in servers if "falling back to in-memory storage" in s.error_log.read_text()]
    check(set(pages) == {200} and set(submitted) == {303} and 30 < allowed <= 120 and len(logged) == 2,
          f"5. Redis stopped: pages {sorted(set(pages))}, submissions {sorted(set(submitted))}, "
          f"limit of 30/min now per process ({allowed} of 130 allowed by 4 processes), fallback logged by {logged}")


def scenario_access_log(port: int, servers: list[AppServer]) -> None:
    Browser(port, source="127.0.0.7").get("/en/x%0d%0a127.0.0.1%20-%20forged%20line")
    time.sleep(0.5)
    lines = "".join(s.access_log.read_text() for s in servers).splitlines()
    forged = [line for line in lines if line.startswith("127.0.0.1 - forged")]
    escaped = any("\\x0d\\x0a127.0.0.1 - forged line" in line for line in lines)
    check(not forged and escaped, "6. a CR/LF in a path is escaped in the access log, no forged line")


def main() -> int:
    started = time.monotonic()
    nginx = ensure_nginx()
    tmp = Path(tempfile.mkdtemp(prefix="jaga-cluster-"))
    tmp.chmod(0o755)  # nginx's workers create their temp directories in it
    name = f"jaga_cluster_{uuid.uuid4().hex[:8]}"
    database_url = create_database(name)
    redis, servers, proxy = None, [], None
    try:
        from directory import create_app
        from directory.moderation.accounts import create_user
        from directory.extensions import db
        from directory.seed import seed
        from flask_migrate import upgrade

        app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
        with app.app_context():
            upgrade()
            seed()
            create_user("cluster@example.org", PASSWORD, "moderator")
            db.engine.dispose()
        redis, redis_port = start_redis(tmp)
        env = {"DATABASE_URL": database_url, "SECRET_KEY": "c" * 48, "JAGA_ENV": "production",
               "PUBLIC_BASE_URL": f"http://{SITE}", "TRUST_PROXY_HOPS": "1",
               "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/0",
               "PYTHONUNBUFFERED": "1"}
        servers = [AppServer("app-a", env, tmp), AppServer("app-b", env, tmp)]
        for server in servers:
            server.start()
        proxy, port = start_nginx(nginx, tmp, servers)
        print(f"nginx on 127.0.0.1:{port} -> {[s.port for s in servers]}, "
              f"PostgreSQL database {name}, private Redis on {redis_port}", flush=True)
        scenario_hosts(port)
        scenario_limits(port, servers)
        scenario_moderation(port, database_url)
        scenario_stop_one(port, servers, database_url)
        scenario_redis_down(port, redis, servers)
        scenario_access_log(port, servers)
    finally:
        if proxy:
            proxy.terminate()
            proxy.wait(10)
        for server in servers:
            server.stop()
        if redis and redis.poll() is None:
            redis.terminate()
            redis.wait(10)
        drop_database(name)
        shutil.rmtree(tmp, ignore_errors=True)
    failed = [what for ok, what in results if not ok]
    print(f"\ncluster test: {len(results) - len(failed)} of {len(results)} checks passed "
          f"in {time.monotonic() - started:.0f} s", flush=True)
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
