import sqlalchemy as sa
from flask import Response, abort, render_template, url_for

from .. import queries
from .calendar import session_ics
from ..web.clock import now
from ..extensions import db
from ..web.i18n import current_locale
from ..models import LiveSession
from . import bp


@bp.route("/sessions")
def sessions():
    """Upcoming, live and recent sessions with certified specialists."""
    moment = now()
    listed = db.session.scalars(queries.upcoming_and_recent_sessions(moment)).all()
    live = [s for s in listed if s.is_live(moment)]
    upcoming = [s for s in listed if s.starts_at > moment]
    recent = sorted((s for s in listed if s.ends_at <= moment), key=lambda s: s.starts_at,
                    reverse=True)
    return render_template("public/sessions.html", live=live, upcoming=upcoming, recent=recent)


@bp.route("/sessions/<slug:slug>.ics")
def session_calendar(slug: str):
    """One session as an iCalendar file, to add to a phone's calendar."""
    session = db.session.scalar(
        sa.select(LiveSession).where(LiveSession.slug == slug, LiveSession.is_published.is_(True))
    )
    if session is None:
        abort(404)
    # The slug is safe here (the route's converter): lowercase letters, digits, hyphens.
    page = url_for("public.sessions", _external=True)
    body = session_ics(session, current_locale(), page)
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{slug}.ics"'})
