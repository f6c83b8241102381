"""Every page is valid HTML: the Nu Html Checker (vnu-jar from npm) finds no error.

The pages are the ones the browser tests visit (public pages in both languages, the directory
with filters, a service, guides, a crisis search, sessions, the forms, moderators' pages signed
in), fetched through the real app, plus the htmx fragments wrapped in a minimal valid document.
All of them go to one vnu run per module (Java starts once). Without Java the tests are skipped,
unless JAGA_REQUIRE_BROWSER=1 (CI), which makes that a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.accounts import make_user, sign_in
from helpers.apps import make_app
from helpers.forms import csrf_token

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REQUIRE = os.environ.get("JAGA_REQUIRE_BROWSER") == "1"

PUBLIC_PAGES = [
    "/ms/", "/en/",
    "/ms/directory", "/en/directory",
    "/ms/directory?state=MY-10", "/en/directory?state=MY-10",
    "/ms/directory?state=MY-08&service=counselling&service=crisis-helpline",
    "/en/directory?state=MY-03&open=24h&speaks=en&cost=free&audience=youth",
    "/en/directory?state=MY-15&service=eating-disorder&speaks=ta",  # nothing found
    "/en/directory?q=zz%3Cbad%3E&state=MY-99",  # filters that were not understood
    "/en/directory?page=2",
    "/en/services/befrienders-kuala-lumpur", "/ms/services/befrienders-ipoh",
    "/en/services/talian-kasih-15999",  # several lines: one "Did you get through?" form each
    "/en/search?q=kaunseling", "/ms/search?q=", "/en/search?q=i%20want%20to%20die",
    "/ms/search?q=saya%20nak%20bunuh%20diri",
    "/en/guides/", "/ms/guides/", "/en/guides/teens", "/en/guides/caregivers",
    "/en/guides/educators", "/en/guides/talking-to-someone", "/ms/guides/teens",
    "/en/sessions", "/ms/sessions", "/en/offline", "/ms/offline",
    "/en/submit/new", "/ms/submit/new",
    "/en/services/befrienders-kuala-lumpur/report", "/en/services/befrienders-kuala-lumpur/update",
    "/en/submit/status", "/en/open-data", "/en/embed",
    "/embed/en/directory", "/embed/ms/directory?state=MY-08&service=counselling",
    "/en/no-such-page", "/admin/login",
]
FRAGMENTS = ["/en/directory?state=MY-10", "/ms/directory?state=MY-08&service=counselling",
             "/en/directory?state=MY-15&service=eating-disorder&speaks=ta"]
MODERATOR_PAGES = ["/admin/", "/admin/verification", "/admin/services", "/admin/sessions",
                   "/admin/audit", "/admin/translations", "/admin/users"]

# htmx fragments are checked inside the smallest valid document around them.
FRAGMENT_DOCUMENT = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fragment</title>'
                     '</head><body><main>{}</main></body></html>')


def _java() -> str | None:
    return shutil.which("java")


@pytest.fixture(scope="module")
def vnu_results(sqlite_template, tmp_path_factory):
    """{page: [vnu messages]} for every page; one vnu run for all of them."""
    java = _java()
    if not java or not VNU_JAR.exists():
        message = (f"the Nu Html Checker needs Java and {VNU_JAR} (npm ci)")
        if REQUIRE:
            pytest.fail(message + " and JAGA_REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("vnu")
    database = folder / "vnu.sqlite3"
    shutil.copy(sqlite_template, database)
    app = make_app(f"sqlite:///{database}")
    from directory.web.clock import now
    from directory.seed import seed_demo_sessions

    with app.app_context():
        seed_demo_sessions(now())
    client = app.test_client()
    pages = {}

    def fetch(url, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        return response.get_data(as_text=True)

    for url in PUBLIC_PAGES:
        pages[url] = fetch(url)
    for url in FRAGMENTS:
        fragment = fetch(url, headers={"HX-Request": "true"})
        assert "<html" not in fragment
        pages[f"{url} (htmx fragment)"] = FRAGMENT_DOCUMENT.format(fragment)
    # A real report, so the status page, the queue and the review page have something.
    report = "/en/services/befrienders-kuala-lumpur/report"
    response = client.post(report, data={"csrf_token": csrf_token(client, report), "reason": "other",
                                         "details": "The number rings out."})
    assert response.status_code == 303
    pages["/en/submit/status/<code>"] = fetch(response.headers["Location"])
    make_user(app, role="admin")  # an admin sees every moderators' page, users included
    sign_in(client)
    for url in MODERATOR_PAGES:
        pages[url] = fetch(url)
    submission = re.search(r'href="(/admin/submissions/\d+)"', pages["/admin/"])
    assert submission, "the report is not in the moderators' queue"
    pages["/admin/submissions/<id>"] = fetch(submission.group(1))

    files = {}
    for index, (url, html) in enumerate(pages.items()):
        path = folder / f"page-{index:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = (path, url)
    run = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--stdout",
                          *(str(path) for path, _ in files.values())],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    results = {url: [] for url in pages}
    for message in report["messages"]:
        # vnu names each file by a file: URL; messages without one fail every page.
        name = (message.get("url") or "").rsplit("/", 1)[-1]
        for url in ([files[name][1]] if name in files else results):
            results[url].append(message)
    return results


def describe(messages: list[dict]) -> str:
    return "\n".join(f"  line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()[:120]}]"
                     for m in messages)


@pytest.mark.parametrize("page", PUBLIC_PAGES + [f"{u} (htmx fragment)" for u in FRAGMENTS]
                         + ["/en/submit/status/<code>", *MODERATOR_PAGES, "/admin/submissions/<id>"])
def test_page_is_valid_html(vnu_results, page):
    errors = [m for m in vnu_results[page] if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{page}: {len(errors)} Nu Html Checker errors\n{describe(errors)}"


def test_the_checker_really_reports_errors(vnu_results, tmp_path):
    """The same checker on a page with a duplicate id and a bad attribute finds both."""
    bad = tmp_path / "bad.html"
    bad.write_text(FRAGMENT_DOCUMENT.format('<p id="x" hx-get="/a">a</p><p id="x">b</p>'))
    run = subprocess.run([_java(), "-jar", str(VNU_JAR), "--format", "json", "--stdout", str(bad)],
                         capture_output=True, text=True, timeout=120)
    messages = [m["message"] for m in json.loads(run.stdout)["messages"] if m["type"] == "error"]
    assert any("Duplicate ID" in m for m in messages), messages
    assert any("hx-get" in m for m in messages), messages


def test_no_page_repeats_an_id(vnu_results):
    # vnu reports duplicate ids as errors; this names them for the reader of a failure.
    duplicates = {page: [m["message"] for m in messages if "Duplicate ID" in m.get("message", "")]
                  for page, messages in vnu_results.items()}
    assert not {page: found for page, found in duplicates.items() if found}
