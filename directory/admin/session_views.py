import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..hours import KL
from ..models import LiveSession
from ..moderation.live_sessions import save_live_session
from . import bp
from .forms import SessionForm

FIELDS = ("slug", "title_ms", "title_en", "description_ms", "description_en", "speaker_name",
          "speaker_credentials_ms", "speaker_credentials_en", "language", "duration_minutes",
          "watch_url", "watch_label_ms", "watch_label_en", "is_published")


@bp.route("/sessions")
def sessions():
    rows = db.session.scalars(sa.select(LiveSession).order_by(LiveSession.starts_at.desc())).all()
    return render_template("admin/sessions.html", sessions=rows)


def values_of(session: LiveSession) -> dict:
    values = {field: getattr(session, field) for field in FIELDS}
    values["starts_at"] = session.starts_at.astimezone(KL).strftime("%Y-%m-%dT%H:%M") \
        if session.starts_at else None
    return values


def form_values(form: SessionForm) -> dict:
    """The form's cleaned values: text trimmed (empty is None), the start in UTC."""
    values = {}
    for field in FIELDS:
        value = getattr(form, field).data
        if isinstance(value, str) and field != "slug":
            value = value.strip() or None
        values[field] = value
    values["starts_at"] = form.starts_at.data.replace(tzinfo=KL).astimezone(dt.timezone.utc)
    return values


def save_session(session: LiveSession | None):
    form = SessionForm(obj=None)
    if session is not None and not form.is_submitted():
        form.process(data={**values_of(session),
                           "starts_at": session.starts_at.astimezone(KL).replace(tzinfo=None)})
    if form.validate_on_submit():
        clash = db.session.scalar(sa.select(LiveSession).where(LiveSession.slug == form.slug.data))
        if not form.title_ms.data and not form.title_en.data:
            form.title_ms.errors = [_("Please give a title in Malay or in English.")]
        elif clash is not None and clash is not session:
            form.slug.errors = [_("Another session already uses this short name.")]
        else:
            before = {} if session is None else values_of(session)
            save_live_session(session, form_values(form), current_user, before, values_of)
            flash(_("Session saved."))
            return redirect(url_for("admin.sessions"), code=303)
    status = 422 if form.errors else 200
    return render_template("admin/session_form.html", form=form, session=session), status


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    return save_session(None)


@bp.route("/sessions/<id:session_id>", methods=["GET", "POST"])
def edit_session(session_id: int):
    session = db.session.get(LiveSession, session_id)
    if session is None:
        abort(404)
    return save_session(session)
