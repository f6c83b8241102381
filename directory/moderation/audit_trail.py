"""The audit trail: who changed what, with each field's value before and after.

`change_set()` is the one place a before/after record is built; `record()` adds the entry to
the current transaction (never commits: the moderation function that owns the change does).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..extensions import db
from ..models import AuditEntry


def recorded_value(value):
    """A value as the audit log keeps it (JSON): dates and times as ISO 8601, tuples as lists."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [recorded_value(v) for v in value]
    return value


def change_set(before: dict, after: dict, *, always: Iterable[str] = ()) -> dict:
    """{field: [before, after]} for every field whose value changed, plus the fields in
    `always` (the ones an action is about, recorded even when unchanged). A field missing on
    one side counts as None there (a new record has no "before")."""
    always = tuple(always)
    fields = dict.fromkeys([*after, *before, *always])
    changes = {}
    for field in fields:
        old, new = recorded_value(before.get(field)), recorded_value(after.get(field))
        if old != new or field in always:
            changes[field] = [old, new]
    return changes


def record(user, action: str, entity: str, entity_id: int | None, before: dict, after: dict,
           *, always: Iterable[str] = (), submission=None) -> AuditEntry:
    """Add an audit entry for a change, in the caller's transaction."""
    entry = AuditEntry(user_id=user.id if user else None, action=action, entity=entity,
                       entity_id=entity_id, changes=change_set(before, after, always=always),
                       submission=submission)
    db.session.add(entry)
    return entry
