"""The audit trail: one function builds every before/after record, and a change and its entry
are one transaction."""

import datetime as dt

import pytest
import sqlalchemy as sa

from directory.extensions import db
from directory.models import AuditEntry, User
from directory.moderation import accounts
from directory.moderation.audit_trail import change_set

from helpers.accounts import MODERATOR_PASSWORD


@pytest.mark.parametrize("before, after, always, expected", [
    ({}, {"email": "a@example.org", "role": "admin"}, (),
     {"email": [None, "a@example.org"], "role": [None, "admin"]}),
    ({"is_active": True}, {"is_active": False}, (), {"is_active": [True, False]}),
    ({"a": 1, "b": 2}, {"a": 1, "b": 3}, (), {"b": [2, 3]}),
    ({"a": 1}, {"a": 1}, ("a",), {"a": [1, 1]}),
    ({"last_verified": None}, {"last_verified": dt.date(2026, 11, 25)}, (),
     {"last_verified": [None, "2026-11-25"]}),
    ({"gone": "x"}, {}, (), {"gone": ["x", None]}),
    ({"phones": [{"number": "1"}]}, {"phones": [{"number": "1"}]}, (), {}),
])
def test_change_set(before, after, always, expected):
    assert change_set(before, after, always=always) == expected


def test_an_account_and_its_audit_entry_are_one_transaction(app, monkeypatch):
    with app.app_context():
        admin = accounts.create_user("admin@example.org", MODERATOR_PASSWORD, "admin")

        def broken(*args, **kwargs):
            raise RuntimeError("the audit trail is unavailable")

        monkeypatch.setattr(accounts, "record", broken)
        with pytest.raises(RuntimeError):
            accounts.create_user("new@example.org", MODERATOR_PASSWORD, "moderator", by=admin)
        db.session.rollback()
        assert accounts.find_user("new@example.org") is None
        monkeypatch.undo()

        user = accounts.create_user("new@example.org", MODERATOR_PASSWORD, "moderator", by=admin)
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "user"))
        assert (entry.action, entry.entity_id, entry.user_id) == ("create", user.id, admin.id)
        assert entry.changes == {"email": [None, "new@example.org"], "role": [None, "moderator"]}
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2
