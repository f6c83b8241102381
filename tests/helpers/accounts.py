"""Moderators' accounts and signing in, as a browser would."""

from __future__ import annotations

from .forms import csrf_token

MODERATOR_PASSWORD = "correct horse battery staple"


def make_user(app, email="mod@example.org", role="moderator"):
    from directory.moderation.accounts import create_user

    with app.app_context():
        return create_user(email, MODERATOR_PASSWORD, role).id


def sign_in(client, email="mod@example.org"):
    token = csrf_token(client, "/admin/login")
    response = client.post("/admin/login", data={"csrf_token": token, "email": email,
                                                 "password": MODERATOR_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
