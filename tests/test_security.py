"""Security headers, no third-party requests, compression and page weight."""

import gzip
import re

import pytest

from directory.config import from_environment, check_production, DEV_SECRET_KEY
from directory import create_app

PAGES = ["/ms/", "/en/", "/en/directory", "/ms/directory?state=MY-08", "/en/services/befrienders-kuala-lumpur", "/en/missing"]


@pytest.mark.parametrize("path", PAGES + ["/healthz", "/"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # plain http in tests


def test_hsts_over_https(client):
    response = client.get("/en/", base_url="https://localhost")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_request_nothing_from_other_hosts(client, path):
    html = client.get(path).get_data(as_text=True)
    # Everything the browser fetches by itself: scripts, styles, icons, images, frames.
    fetched = re.findall(r'<(?:script|img|iframe|source)[^>]+src="([^"]*)"', html)
    fetched += re.findall(r'<link[^>]+href="([^"]*)"', html)
    assert fetched
    for url in fetched:
        assert url.startswith("/") and not url.startswith("//"), url
    assert "<script>" not in html and "style=" not in html and " on" + "click=" not in html


def test_htmx_is_served_from_our_own_static_files(client):
    html = client.get("/en/").get_data(as_text=True)
    src = re.search(r'<script src="(/static/vendor/htmx\.min\.js\?v=\w+)" defer>', html).group(1)
    with client.get(src) as response:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
    assert 'version:"2.0.11"' in body.replace(" ", "")
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "no-cache" not in response.headers["Cache-Control"]


def test_htmx_config_needs_no_inline_styles_or_eval(client):
    html = client.get("/en/").get_data(as_text=True)
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html).group(1)
    import json
    settings = json.loads(config)
    assert settings["includeIndicatorStyles"] is False
    assert settings["allowEval"] is False
    assert settings["historyCacheSize"] == 0  # nothing a person searched for is kept in localStorage


def test_responses_are_compressed_when_accepted(client):
    plain = client.get("/en/directory")
    assert "Content-Encoding" not in plain.headers
    compressed = client.get("/en/directory", headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.data) == plain.data


def test_home_and_directory_weigh_at_most_40_kb_compressed(client):
    total = 0
    fetched = set()
    for path in ("/en/", "/en/directory"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        total += len(response.data)
        html = gzip.decompress(response.data).decode()
        for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
            if url not in fetched:
                fetched.add(url)
                with client.get(url, headers={"Accept-Encoding": "gzip"}) as asset:
                    total += len(asset.data)
    print(f"\nhome + directory with CSS, JS and icon, gzip: {total / 1024:.1f} KB")
    assert total <= 40 * 1024


def test_production_refuses_the_development_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("JAGA_ENV", "production")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://jaga.example")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_database_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/d")
    assert from_environment(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h:5432/d"
    monkeypatch.delenv("DATABASE_URL")
    assert from_environment(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/jaga.sqlite3"
    assert from_environment(str(tmp_path))["SECRET_KEY"] == DEV_SECRET_KEY
    check_production({"ENV_NAME": "development", "SECRET_KEY": DEV_SECRET_KEY})  # fine on a laptop


def test_repeat_visits_get_304(client):
    first = client.get("/en/directory?state=MY-08")
    etag = first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get("/en/directory?state=MY-08", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    gz = client.get("/en/directory?state=MY-08", headers={"Accept-Encoding": "gzip"})
    again = client.get("/en/directory?state=MY-08",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": gz.headers["ETag"]})
    assert again.status_code == 304
    other = client.get("/en/directory?state=MY-03", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_session_cookie_flags_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("JAGA_ENV", "production")
    monkeypatch.setenv("JAGA_HTTPS", "1")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://jaga.example")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_forms_set_a_cookie_with_the_right_flags(client):
    response = client.get("/en/submit/new", base_url="https://localhost")
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_ordinary_pages_set_no_cookie(client):
    for path in ("/en/", "/en/directory", "/en/services/befrienders-kuala-lumpur", "/en/search?q=x"):
        assert "Set-Cookie" not in client.get(path).headers, path


def test_database_errors_never_carry_what_people_typed(app):
    with app.app_context():
        from directory.extensions import db
        import sqlalchemy as sa

        with pytest.raises(sa.exc.IntegrityError) as error:
            db.session.execute(sa.text("INSERT INTO states (code, name_en, name_ms, kind) "
                                       "VALUES ('MY-01', :typed, :typed, 'state')"),
                               {"typed": "i want to die"})
        db.session.rollback()
    assert "i want to die" not in str(error.value)
    assert "hidden due to hide_parameters" in str(error.value)


# --- Findings of the penetration test (issue 18): each test replays the attack -------------

import csv  # noqa: E402
import io  # noqa: E402
import logging  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from helpers.accounts import MODERATOR_PASSWORD, make_user, sign_in# noqa: E402
from helpers.apps import make_app# noqa: E402
from helpers.forms import csrf_token# noqa: E402
from directory.extensions import db  # noqa: E402

SERVICE = "/en/services/befrienders-kuala-lumpur"


def closing(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def public_app(database_url, app_config):
    """Deployed as the README says: a public base URL, the page cache on, behind one proxy."""
    app = make_app(database_url, PUBLIC_BASE_URL="https://jaga.example", PAGE_CACHE_ENABLED=True,
                   TRUST_PROXY_HOPS=1, **app_config)
    yield app
    closing(app)


def test_untrusted_host_is_refused(public_app):
    client = public_app.test_client()
    assert client.get(SERVICE, headers={"Host": "evil.example"}).status_code == 400
    assert client.get(SERVICE, headers={"Host": "jaga.example",
                                        "X-Forwarded-Host": "evil.example"}).status_code == 400
    assert client.get(SERVICE, headers={"Host": "jaga.example"}).status_code == 200


def test_host_header_cannot_poison_the_page_cache(public_app):
    client = public_app.test_client()
    for headers in ({"Host": "evil.example"}, {"Host": "jaga.example", "X-Forwarded-Host": "evil.example"},
                    {"Host": "jaga.example:8443"}):
        client.get(SERVICE, headers=headers)
    page = client.get(SERVICE, headers={"Host": "jaga.example"}).get_data(as_text=True)
    assert "evil.example" not in page and ":8443" not in page
    assert "https://jaga.example/en/services/befrienders-kuala-lumpur" in page


def test_without_a_base_url_the_host_is_part_of_the_cache_key(database_url, app_config):
    app = make_app(database_url, PAGE_CACHE_ENABLED=True, TRUST_PROXY_HOPS=1, **app_config)
    client = app.test_client()
    client.get(SERVICE, headers={"X-Forwarded-Host": "evil.example"})
    client.get(SERVICE, headers={"Host": "evil.example"})
    page = client.get(SERVICE, headers={"Host": "localhost"}).get_data(as_text=True)
    assert "evil.example" not in page and "http://localhost/en/services/" in page
    closing(app)


def test_production_needs_a_public_base_url(monkeypatch, tmp_path):
    monkeypatch.setenv("JAGA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    for bad in ("jaga.example", "https://jaga.example/path", "javascript:alert(1)"):
        monkeypatch.setenv("PUBLIC_BASE_URL", bad)
        with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
            create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_refuses_per_process_limits_with_several_workers(monkeypatch, tmp_path):
    monkeypatch.setenv("JAGA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://jaga.example")
    monkeypatch.setenv("JAGA_WORKERS", "2")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(RuntimeError, match="memory://"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setenv("JAGA_WORKERS", "1")
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_gunicorn_config_tells_the_app_its_worker_count(monkeypatch):
    import runpy

    monkeypatch.setenv("GUNICORN_WORKERS", "4")
    settings = runpy.run_path(str(__import__("directory").config.ROOT / "gunicorn.conf.py"))
    assert settings["workers"] == 4 and __import__("os").environ["JAGA_WORKERS"] == "4"
    assert settings["logger_class"] == "directory.web.logs.SafeAccessLogger"


def attempt(client, password, address):
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client, "/admin/login")
    return client.post("/admin/login",
                       data={"csrf_token": token, "email": "mod@example.org", "password": password})


def test_guessing_from_elsewhere_cannot_lock_out_the_moderator(database_url, app_config, caplog):
    app = make_app(database_url, RATELIMIT_ENABLED=True, **app_config)
    make_user(app)
    attacker, moderator = app.test_client(), app.test_client()
    caplog.set_level(logging.WARNING)
    codes = [attempt(attacker, f"guess {i}", "203.0.113.9").status_code for i in range(12)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    assert attempt(moderator, MODERATOR_PASSWORD, "198.51.100.7").status_code == 302
    # Failed sign-ins are logged and audited, without the password.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Failed sign-in to account" in logged and "203.0.113.9" in logged
    assert "guess" not in logged
    from directory.models import AuditEntry

    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "sign_in_failed")).all()
        assert len(entries) == 5 and entries[0].changes == {"address": [None, "203.0.113.9"]}
        assert all("guess" not in str(e.changes) for e in entries)
    closing(app)


def test_successful_sign_ins_do_not_use_up_the_account_limit(database_url, app_config):
    app = make_app(database_url, RATELIMIT_ENABLED=True, **app_config)
    make_user(app)
    client = app.test_client()
    for _ in range(6):
        assert attempt(client, MODERATOR_PASSWORD, "198.51.100.7").status_code == 302
        client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    closing(app)


def test_a_saved_session_cookie_stops_working_at_sign_out(app, client):
    make_user(app)
    sign_in(client)
    saved = client.get_cookie("session").value
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    thief = app.test_client()
    thief.set_cookie("session", saved)
    assert thief.get("/admin/").status_code == 302  # sent to sign in


def test_a_password_or_role_change_ends_every_session(app, client):
    from directory.moderation.accounts import hash_password
    from directory.models import User

    user_id = make_user(app)
    for change in (lambda u: setattr(u, "password_hash", hash_password("another long password")),
                   lambda u: setattr(u, "role", "admin")):
        other = app.test_client()
        with app.app_context():
            user = db.session.get(User, user_id)
            user.password_hash = hash_password(MODERATOR_PASSWORD)
            db.session.commit()
        sign_in(other)
        assert other.get("/admin/").status_code == 200
        with app.app_context():
            change(db.session.get(User, user_id))
            db.session.commit()
        assert other.get("/admin/").status_code == 302


def test_csrf_token_is_rotated_at_sign_in(app, client):
    make_user(app)
    before = csrf_token(client, "/admin/login")
    raw_before = client.get_cookie("session").value
    sign_in(client)
    after = csrf_token(client, "/admin/")
    assert before != after and client.get_cookie("session").value != raw_before
    # The token from before sign-in no longer works for a signed-in action.
    assert client.post("/admin/logout", data={"csrf_token": before}).status_code == 400
    assert client.get("/admin/").status_code == 200  # still signed in


@pytest.mark.parametrize("target", ["/admin/\r\nSet-Cookie: x=1", "/admin/%0d%0a", "/admin\\evil",
                                    "/admin/\x00", "/admin//evil.example", "/administrator"])
def test_next_with_control_characters_never_500s(app, client, target):
    make_user(app)
    token = csrf_token(client, "/admin/login")
    response = client.post("/admin/login", query_string={"next": target},
                           data={"csrf_token": token, "email": "mod@example.org",
                                 "password": MODERATOR_PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\r" not in location and "\n" not in location
    assert location == "/admin/" or location == target.replace("%0d%0a", "%0d%0a")


@pytest.mark.parametrize("slug", ['a"b', "a%22b", "a%0d%0aX-Evil:%201", "A-Upper", "a b", "a--b",
                                  "-a", "a.b"])
def test_live_session_slugs_are_validated(client, slug):
    assert client.get(f"/en/sessions/{slug}.ics").status_code == 404


def test_sign_out_never_sends_an_unflagged_remember_cookie(app, client):
    make_user(app)
    sign_in(client)
    client.set_cookie("remember_token", "1|forged")
    response = client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert len(cookies) == 1
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0] and "Path=/" in cookies[0]


def test_form_pages_with_a_session_cookie_are_private(client):
    for path in ("/en/submit/new", "/admin/login", "/en/services/befrienders-kuala-lumpur/report"):
        response = client.get(path)
        cache_control = response.headers["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path
        assert "ETag" not in response.headers
    again = client.get("/en/submit/new")  # the cookie exists now: still private
    assert "no-store" in again.headers["Cache-Control"]
    assert "no-store" not in client.get("/en/directory").headers["Cache-Control"]


def test_csv_export_neutralises_formulas(app, client):
    from directory.api.exports import write_csv
    from directory.models import Service

    hostile = ["=HYPERLINK(\"http://evil.example\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
               "\tx", "\rx"]
    text = write_csv(["v"], [{"v": value} for value in hostile] + [{"v": "+60376272929"}, {"v": 3}])
    values = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert values[:-2] == ["'" + v for v in hostile]
    assert values[-2:] == ["+60376272929", "3"]
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.is_published.is_(True)))
        service.name_en = "=1+1"
        db.session.commit()
    exported = client.get("/api/v1/export.csv").get_data(as_text=True)
    assert "'=1+1" in exported and ",=1+1" not in exported


def test_crlf_in_a_path_cannot_forge_an_application_log_line(database_url, app_config, caplog):
    app = make_app(database_url, TESTING=False, **app_config)

    @app.route("/boom/<rest>")
    def boom(rest):
        raise RuntimeError("boom")

    caplog.set_level(logging.ERROR)
    assert app.test_client().get("/boom/x%0d%0a127.0.0.1 - admin signed in").status_code == 500
    closing(app)
    [record] = [r for r in caplog.records if "Unhandled error" in r.getMessage()]
    message = record.getMessage()
    assert "\n" not in message and "\r" not in message and "\\x0d\\x0a" in message


def test_crlf_in_a_path_cannot_forge_an_access_log_line():
    from types import SimpleNamespace

    from gunicorn.config import Config

    from directory.web.logs import SafeAccessLogger

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(m)s %(U)s %(H)s" %(s)s')
    logger = SafeAccessLogger(config)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/x\r\n1.2.3.4 \"GET /admin HTTP/1.1\" 200",
               "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "RAW_URI": "/x%0d%0a"}
    request = SimpleNamespace(headers=[], method="GET", path=environ["PATH_INFO"], query="",
                              uri=environ["PATH_INFO"], version=(1, 1))
    response = SimpleNamespace(status="200 OK", status_code=200, headers=[], sent=0,
                               response_length=0)
    import datetime as _dt
    atoms = logger.atoms(response, request, environ, _dt.timedelta(seconds=0.01))
    line = logger.cfg.access_log_format % atoms
    assert "\n" not in line and "\r" not in line and "\\x0d\\x0a" in line


def test_text_search_is_rate_limited_and_bounded(database_url, app_config):
    from directory.search import MAX_SEARCH_TERMS, bounded

    app = make_app(database_url, RATELIMIT_ENABLED=True, **app_config)
    client = app.test_client()
    codes = [client.get("/en/search", query_string={"q": f"kaunseling {i}"}).status_code
             for i in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429
    assert client.get("/en/directory", query_string={"q": "sokongan"}).status_code == 429
    assert client.get("/en/directory?state=MY-08").status_code == 200  # no text: not limited
    assert client.get("/en/").status_code == 200
    assert len(bounded(" ".join(["kata"] * 50)).split()) == MAX_SEARCH_TERMS
    closing(app)


def test_query_strings_cannot_churn_the_page_cache(database_url, app_config):
    app = make_app(database_url, PAGE_CACHE_ENABLED=True, **app_config)
    client = app.test_client()
    client.get("/en/directory?state=MY-08")
    for i in range(30):
        client.get(f"/en/directory?state=MY-08&utm_source={i}&fbclid={i}&gclid={i}&ttclid={i}")
        client.get(f"/en/directory?state=bogus{i}")
        client.get(f"/en/services/no-such-service-{i}")
        client.get(f"/en/directory?state=MY-08&page={1000 + i}")
    # One page, and one response as sent (listing/replay.py): unknown values, unknown pages
    # and deep pages are never kept.
    assert len(app.extensions["jaga_page_cache"]) == 1
    assert len(app.extensions["jaga_sent_pages"]) == 1
    page = client.get("/en/directory?state=MY-08&utm_source=evil").get_data(as_text=True)
    assert "utm_source" not in page
    closing(app)
