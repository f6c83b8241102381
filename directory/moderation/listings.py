"""A moderator's direct changes to a listing (confirm, publish, unpublish): one transaction
each, with its audit entry."""

from __future__ import annotations

from typing import Callable, Iterable

from .. import reference
from ..extensions import db
from ..listing import data_version
from ..models import Service
from .audit_trail import record


def change_listing(service: Service, user, action: str, fields: Iterable[str],
                   apply: Callable[[Service], None]) -> None:
    """Apply `apply` to the service, record `fields` before and after, commit, and drop this
    process's copies of published data."""
    fields = tuple(fields)
    before = {field: getattr(service, field) for field in fields}
    apply(service)
    after = {field: getattr(service, field) for field in fields}
    record(user, action, "service", service.id, before, after, always=fields)
    data_version.bump()
    db.session.commit()
    reference.forget()
