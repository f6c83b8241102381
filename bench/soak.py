"""Soak and fault test: many clients reading and submitting at once against gunicorn and
PostgreSQL, optionally with PostgreSQL restarted in the middle.

    python -m bench.soak [--clients 100] [--seconds 60] [--fault]

Checks, and exits non-zero when one fails:
- without --fault: no response is a 5xx;
- every submission that got a reference code is in the database exactly once, with what
  was sent;
- with --fault: /healthz answers 503 while PostgreSQL is down and 200 again afterwards, without
  restarting the app; a submission that could not be saved got a 503 page that still holds
  everything that was typed; only 503s are allowed as 5xx.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import subprocess  # nosec B404
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import sqlalchemy as sa

from bench.run import create_database, drop_database, gunicorn

ROOT = Path(__file__).resolve().parent.parent
READS = ["/ms/", "/en/directory?state=MY-10", "/ms/directory?service=crisis-helpline",
         "/en/services/befrienders-kuala-lumpur", "/ms/search?q=kaunseling",
         "/en/guides/teens", "/ms/directory?state=MY-08&open=24h"]
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def submission_form(marker: str) -> dict:
    return {
        "organisation_name": f"Soak org {marker}", "name_en": f"Soak line {marker}",
        "phones-0-number": "03-2345 6789", "phones-0-kind": "voice",
        "states": ["MY-10"], "languages": ["ms"], "cost": "free", "audiences": ["general"],
        "service_types": ["counselling"], "sources": "https://example.org/soak",
        "submitter_name": "Soak", "submitter_contact": "soak@example.org",
    }


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.confirmed: dict[str, str] = {}  # reference -> marker
        self.refused_with_input = 0
        self.refused_without_input = 0
        self.transport_errors = 0

    def status(self, code: int) -> None:
        with self.lock:
            self.statuses[code] += 1


def client(base: str, stop: threading.Event, tally: Tally, rng: random.Random) -> None:
    session = requests.Session()
    while not stop.is_set():
        try:
            if rng.random() < 0.2:
                submit(base, session, tally)
            else:
                response = session.get(base + rng.choice(READS), timeout=30)
                tally.status(response.status_code)
        except requests.RequestException:
            with tally.lock:
                tally.transport_errors += 1
            time.sleep(0.1)


def submit(base: str, session: requests.Session, tally: Tally) -> None:
    form_page = session.get(base + "/en/submit/new", timeout=30)
    tally.status(form_page.status_code)
    match = TOKEN.search(form_page.text)
    if not match:
        return
    marker = uuid.uuid4().hex[:12]
    data = {**submission_form(marker), "csrf_token": match.group(1)}
    response = session.post(base + "/en/submit/new", data=data, timeout=30, allow_redirects=False)
    tally.status(response.status_code)
    if response.status_code == 303:
        reference = response.headers["Location"].split("/")[-1].split("?")[0]
        with tally.lock:
            tally.confirmed[reference] = marker
    elif response.status_code >= 500:
        kept = f'value="Soak org {marker}"' in response.text
        with tally.lock:
            if kept:
                tally.refused_with_input += 1
            else:
                tally.refused_without_input += 1


def restart_postgres(base: str, down_seconds: float, health: list) -> None:
    """Stop PostgreSQL, watch /healthz while it is down, start it again, watch it recover."""
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main"]
    subprocess.run([*command, "stop", "-m", "fast"], check=True)  # nosec B603
    deadline = time.monotonic() + down_seconds
    while time.monotonic() < deadline:
        health.append(("down", requests.get(base + "/healthz", timeout=10).status_code))
        time.sleep(0.5)
    subprocess.run([*command, "start"], check=True)  # nosec B603
    for _ in range(60):
        code = requests.get(base + "/healthz", timeout=10).status_code
        health.append(("up", code))
        if code == 200:
            break
        time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description="Jaga soak and fault test")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--fault", action="store_true", help="restart PostgreSQL in the middle")
    args = parser.parse_args()

    name = f"jaga_soak_{os.getpid()}"
    url = create_database(name)
    from directory import create_app
    from directory.extensions import db
    from directory.seed import seed

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed()
        db.engine.dispose()
    env = {"DATABASE_URL": url, "RATELIMIT_ENABLED": "false", "SECRET_KEY": "s" * 48,
           "JAGA_ENV": "production", "PUBLIC_BASE_URL": "http://127.0.0.1"}
    tally, health, failures = Tally(), [], []
    with gunicorn("wsgi:app", env, args.workers) as base:
        stop = threading.Event()
        threads = [threading.Thread(target=client, args=(base, stop, tally, random.Random(i)),
                                    daemon=True) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        if args.fault:
            time.sleep(args.seconds / 3)
            restart_postgres(base, down_seconds=max(3.0, args.seconds / 6), health=health)
            time.sleep(max(0.0, args.seconds - args.seconds / 3 - args.seconds / 6))
        else:
            time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(60)
        final_health = requests.get(base + "/healthz", timeout=10).status_code

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT reference, payload FROM submissions WHERE kind = 'new_service'")).all()
    engine.dispose()
    stored = collections.Counter(reference for reference, _ in rows)
    payloads = {reference: payload for reference, payload in rows}
    missing = [r for r in tally.confirmed if stored[r] == 0]
    duplicated = [r for r, n in stored.items() if n > 1]
    wrong = [r for r, marker in tally.confirmed.items()
             if r in payloads and marker not in str(payloads[r])]
    server_errors = {code: n for code, n in tally.statuses.items() if code >= 500}

    print(f"Soak: {args.clients} clients for {args.seconds}s against gunicorn --workers "
          f"{args.workers} on PostgreSQL{' with a restart' if args.fault else ''}.")
    print(f"  responses by status: {dict(sorted(tally.statuses.items()))}; "
          f"transport errors: {tally.transport_errors}")
    print(f"  submissions confirmed with a reference: {len(tally.confirmed)}; in the database: "
          f"{len(tally.confirmed) - len(missing)}; missing: {len(missing)}; duplicated: "
          f"{len(duplicated)}; different from what was sent: {len(wrong)}")
    if missing or duplicated or wrong:
        failures.append("a confirmed submission is missing, duplicated or altered")
    if args.fault:
        down = [code for phase, code in health if phase == "down"]
        print(f"  /healthz while PostgreSQL was down: {collections.Counter(down)}; after: "
              f"{[code for phase, code in health if phase == 'up']}; at the end: {final_health}")
        print(f"  submissions refused during the outage: {tally.refused_with_input} with the "
              f"input kept, {tally.refused_without_input} without")
        if not down or any(code != 503 for code in down):
            failures.append("/healthz did not answer 503 while the database was down")
        if final_health != 200:
            failures.append("the app did not recover by itself")
        if tally.refused_without_input:
            failures.append("a refused submission lost what was typed")
        if set(server_errors) - {503}:
            failures.append(f"5xx other than 503: {server_errors}")
    elif server_errors:
        failures.append(f"server errors: {server_errors}")
    drop_database(name)
    for failure in failures:
        print(f"FAILED: {failure}")
    print("OK" if not failures else "")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
