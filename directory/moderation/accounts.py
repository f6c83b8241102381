"""Moderator accounts: Argon2 password hashes, Flask-Login, and role checks."""

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


def create_user(email: str, password: str, role: str) -> User:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")
    if role not in ("moderator", "admin"):
        raise ValueError("role must be moderator or admin")
    user = User(email=email.strip().lower(), password_hash=hash_password(password), role=role)
    db.session.add(user)
    db.session.commit()
    return user


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
