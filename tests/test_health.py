"""/healthz: 200 with the database reachable, 503 otherwise."""

from conftest import make_app


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": True}
    assert "no-store" in response.headers["Cache-Control"]


def test_database_unreachable(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing-folder/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] is False


def test_postgres_unreachable():
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_pages_still_show_emergency_number_when_database_is_down(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing-folder/db.sqlite3")
    response = app.test_client().get("/en/directory")
    assert response.status_code == 500
    assert 'href="tel:999"' in response.get_data(as_text=True)
