"""The call list: which lines to call first, the call script, and recording what a call found."""

import datetime as dt

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..moderation import verification
from ..web.clock import now
from ..extensions import db
from ..models import Phone, Service
from . import bp
from .forms import ActionForm, CallForm
from .service_views import months_ago


def call_form(phone_id: int, today: dt.date, **kwargs) -> CallForm:
    return CallForm(prefix=f"line-{phone_id}", today=today,
                    earliest=today - dt.timedelta(days=verification.CALL_WINDOW_DAYS), **kwargs)


def render_call_list(bound: tuple[int, CallForm] | None = None, status: int = 200):
    today = verification.today_in_kl(now())
    max_age = current_app.config["VERIFY_MAX_AGE_MONTHS"]
    lines = verification.call_list(today, max_age)
    forms = {ln.phone.id: call_form(ln.phone.id, today, formdata=None, data={"called_on": today})
             for ln in lines}
    if bound:
        forms[bound[0]] = bound[1]
    scripts = {ln.phone.id: {lang: verification.call_script(ln.service, ln.phone, lang)
                             for lang in ("ms", "en")} for ln in lines}
    low = db.session.scalars(
        sa.select(Service).options(selectinload(Service.phones), selectinload(Service.sources))
        .where(Service.confidence == "low").order_by(Service.id)).all()
    return render_template("admin/verification.html", lines=lines, forms=forms, scripts=scripts,
                           low=low, withdrawn=verification.withdrawn_lines(), cutoff=months_ago(today, max_age), max_age=max_age,
                           today_iso=today.isoformat(), action=ActionForm()), status


@bp.route("/verification", endpoint="verification")
def verification_page():
    """The call list: published lines never confirmed, due again, or with recent problems;
    and low-confidence records waiting to be checked."""
    return render_call_list()


@bp.route("/lines/<id:phone_id>/calls", methods=["POST"])
def record_call(phone_id: int):
    """Record what a call to one line found (moderators only, CSRF-protected, audited)."""
    if db.session.get(Phone, phone_id) is None:
        abort(404)
    today = verification.today_in_kl(now())
    form = call_form(phone_id, today)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            flash(_("The form had expired; please try again."), "error")
        return render_call_list((phone_id, form), 422)
    done = verification.record_call(phone_id, current_user, form.outcome.data,
                                    form.called_on.data, (form.note.data or "").strip(), now())
    flash(_("Call recorded."))
    if done.line_unpublished:
        flash(_("The number %(number)s is no longer shown on the site.", number=done.call.number))
    if done.service_unpublished:
        flash(_("The service had no other number, so it is unpublished too."))
    if done.flagged:
        flash(_("Flagged: calls to this line failed on two different days."), "error")
    if done.submission is not None:
        flash(_("Enter the changes the service gave you below, then approve them."))
        return redirect(url_for("admin.submission", submission_id=done.submission.id), code=303)
    return redirect(url_for("admin.verification") + f"#line-{phone_id}", code=303)


@bp.route("/lines/<id:phone_id>/publish", methods=["POST"])
def publish_line(phone_id: int):
    """Show a number taken off the site again (a later call found it working)."""
    if not ActionForm().validate_on_submit():
        flash(_("The form had expired; please try again."), "error")
        return redirect(url_for("admin.verification"), code=303)
    try:
        phone = verification.republish_line(phone_id, current_user)
    except verification.LineNotFound:
        abort(404)
    except verification.AlreadyListed:
        flash(_("This number is already shown on the site."), "error")
        return redirect(url_for("admin.verification"), code=303)
    flash(_("The number %(number)s is shown on the site again. If its service is unpublished, "
            "publish it from Services.", number=phone.display))
    return redirect(url_for("admin.verification"), code=303)
