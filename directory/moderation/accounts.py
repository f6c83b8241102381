"""Moderator accounts: Argon2 password hashes, Flask-Login, and role checks.

Every change to an account is one transaction owned by a function here (create, sign-in,
sign-out, deactivate), with its audit entry where there is one.
"""

from __future__ import annotations

import re
from functools import wraps

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..extensions import db, login_manager
from ..models import User
from .audit_trail import record

hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    return hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    """Constant work whether or not the account exists, so timing reveals nothing."""
    stored = user.password_hash if user else _DUMMY_HASH
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if user is None or not user.is_active:
        return False
    if hasher.check_needs_rehash(stored):
        user.password_hash = hasher.hash(password)
    return True


_DUMMY_HASH = hasher.hash("not a real password, only used to spend the same time")


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(email: str, password: str, role: str, *, by: User | None = None) -> User:
    """Create an account; when an administrator (`by`) creates it, the audit entry is written
    in the same transaction (the command line creates accounts unaudited, as before)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    if role not in ("moderator", "admin"):
        raise ValueError("role must be moderator or admin")
    user = User(email=email.strip().lower(), password_hash=hash_password(password), role=role)
    db.session.add(user)
    if by is not None:
        db.session.flush()
        record(by, "create", "user", user.id, {}, {"email": user.email, "role": user.role})
    db.session.commit()
    return user


def signed_in(user: User, moment) -> None:
    """Remember the sign-in time (and a password hash check_password() renewed)."""
    user.last_login_at = moment
    db.session.commit()


def failed_sign_in(user: User, address: str) -> None:
    """A failed sign-in to an existing account: audited with the address, never the password."""
    record(None, "sign_in_failed", "user", user.id, {}, {"address": address})
    db.session.commit()


def sign_out(user: User) -> None:
    """End every session of the account, on every server."""
    user.end_sessions()
    db.session.commit()


def deactivate(user: User, by: User) -> None:
    """An administrator deactivates an account (never deleted); its sessions end."""
    user.is_active = False
    user.end_sessions()
    record(by, "deactivate", "user", user.id, {"is_active": True}, {"is_active": False})
    db.session.commit()


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """`id:session_version` (User.get_id): a session saved before a sign-out, a password or a
    role change carries an older version and is refused, on every server."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("admin.login", next=target))


def admin_required(view):
    """For admin-only pages: moderators get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


SAFE_NEXT = re.compile(r"/admin(?:[/?][\x21-\x7e]*)?")


def safe_next(target: str | None) -> str:
    """Only paths inside the admin area; never another host, never a control character or a
    backslash (CR/LF would break the Location header; browsers read `\\` as `/`)."""
    if target and SAFE_NEXT.fullmatch(target) and "\\" not in target and "//" not in target:
        return target
    return url_for("admin.queue")
