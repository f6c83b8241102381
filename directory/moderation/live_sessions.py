"""Live sessions as moderators create and edit them: one transaction each, with its audit
entry."""

from __future__ import annotations

from ..extensions import db
from ..models import LiveSession
from .audit_trail import record


def save_live_session(session: LiveSession | None, values: dict, user, before: dict,
                      recorded) -> LiveSession:
    """Create (session None) or update a session from cleaned `values`, and commit it with
    its audit entry; `recorded(session)` gives the values the audit log compares."""
    is_new = session is None
    session = session or LiveSession()
    for field, value in values.items():
        setattr(session, field, value)
    db.session.add(session)
    db.session.flush()
    record(user, "create" if is_new else "update", "live_session", session.id, before,
           recorded(session))
    db.session.commit()
    return session
