"""/healthz: 200 with the database reachable, 503 otherwise."""

from helpers.apps import make_app


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
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert 'href="tel:999"' in response.get_data(as_text=True)


def test_while_the_database_is_down_pages_say_so_and_forms_keep_input(app, client, monkeypatch):
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from helpers.forms import csrf_token, new_service_data

    token = csrf_token(client, "/en/submit/new")  # warms the in-memory reference data
    client.get("/en/directory")

    def down(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(Session, "execute", down)
    health = client.get("/healthz")
    assert health.status_code == 503
    page = client.get("/en/directory")
    assert page.status_code == 503
    html = page.get_data(as_text=True)
    assert 'href="tel:+60376272929"' in html  # the last known crisis lines, from memory
    sent = client.post("/en/submit/new", data={**new_service_data(), "csrf_token": token})
    assert sent.status_code == 503
    html = sent.get_data(as_text=True)
    assert "We could not save what you sent" in html and 'value="Pertubuhan Contoh"' in html
    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200  # back by itself


def test_a_connection_lost_while_closing_the_session_is_not_a_500(app, client, monkeypatch):
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    def lost(self):
        raise sa.exc.OperationalError("ROLLBACK", {}, Exception("terminating connection"))

    monkeypatch.setattr(Session, "close", lost)
    response = client.get("/en/guides/")
    assert response.status_code == 200
    with app.app_context():
        from directory.extensions import db

        assert db.engine.pool.checkedout() == 0  # the dead connection went back to the pool
