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
