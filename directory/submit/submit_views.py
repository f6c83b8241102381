from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import TooManyRequests

from .. import moderation, queries, reference
from ..extensions import db, limiter
from ..web.i18n import current_locale
from ..models import Service, Submission
from ..phones import NotAMalaysianNumber, parse_malaysian
from . import bp
from ..moderation.service_form import PHONE_MESSAGE
from .forms import NewServiceForm, ReportForm, StatusLookupForm, UpdateForm

FORM_LIMIT = "5 per minute;30 per hour"


def published_service(slug: str) -> Service:
    service = db.session.scalar(queries.service_page(slug))
    if service is None:
        abort(404)
    return service


def details_form(form_class, **kwargs):
    return form_class(**kwargs).setup(reference.states(), reference.service_types(),
                                      current_locale())


def save(submission: Submission) -> bool:
    """Store a submission (moderation.receive owns the transaction); False when it failed."""
    return moderation.receive(submission, current_locale())


def not_saved_message() -> str:
    return _("We could not save what you sent, because of a problem on our side. Nothing was "
             "lost: everything you typed is still below. Please try again in a few minutes.")


def render_form(template: str, form, status: int = 200, **context):
    return render_template(template, form=form, **context), status


@bp.route("/submit/new", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def new_service():
    """Suggest a new service; a moderator checks it before anything is published."""
    form = details_form(NewServiceForm)
    if not form.validate_on_submit():
        return render_form("submit/new.html", form, 422 if form.is_submitted() else 200)
    submission = Submission(
        kind="new_service", payload=form.values(),
        submitter_name=form.submitter_name.data.strip(),
        submitter_organisation=(form.submitter_organisation.data or "").strip() or None,
        submitter_contact=form.submitter_contact.data.strip(),
    )
    if not save(submission):
        return render_form("submit/new.html", form, 503, error=not_saved_message())
    return redirect(url_for("submit.status", code=submission.reference, sent=1), code=303)


@bp.route("/services/<slug>/update", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def update(slug: str):
    """Propose changes to a published service, starting from what is published now."""
    service = published_service(slug)
    current = moderation.snapshot(service)
    form = details_form(UpdateForm)
    if request.method == "GET":
        form.fill(current)
    if not form.validate_on_submit():
        return render_form("submit/update.html", form, 422 if form.is_submitted() else 200,
                           service=service)
    submission = Submission(
        kind="update", service_id=service.id, payload=form.values(), base=current,
        comment=(form.comment.data or "").strip() or None,
        submitter_name=form.submitter_name.data.strip(),
        submitter_organisation=(form.submitter_organisation.data or "").strip() or None,
        submitter_contact=form.submitter_contact.data.strip(),
    )
    if not save(submission):
        return render_form("submit/update.html", form, 503, service=service,
                           error=not_saved_message())
    return redirect(url_for("submit.status", code=submission.reference, sent=1), code=303)


@bp.route("/services/<slug>/report", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def report(slug: str):
    """Report a problem with a listing in a few taps; no contact details needed."""
    service = published_service(slug)
    form = ReportForm()
    if not form.validate_on_submit():
        return render_form("submit/report.html", form, 422 if form.is_submitted() else 200,
                           service=service)
    submission = Submission(
        kind="report", service_id=service.id, report_reason=form.reason.data,
        comment=(form.comment.data or "").strip() or None,
        submitter_contact=(form.contact.data or "").strip() or None,
    )
    if not save(submission):
        return render_form("submit/report.html", form, 503, service=service,
                           error=not_saved_message())
    return redirect(url_for("submit.status", code=submission.reference, sent=1), code=303)


@bp.route("/submit/status")
@limiter.limit("30 per minute")
def status_lookup():
    """Find a submission by its reference code."""
    form = StatusLookupForm(request.args)
    if request.args and form.validate():
        code = moderation.clean_reference(form.code.data)
        if code:
            return redirect(url_for("submit.status", code=code))
        form.code.errors.append(_("That does not look like a reference code (JG-XXXX-XXXX)."))
    status = 400 if form.errors else 200
    return render_template("submit/status_lookup.html", form=form), status


@bp.route("/submit/status/<code>")
@limiter.limit("30 per minute")
def status(code: str):
    """A submission's state, without any login; nothing personal is shown."""
    submission = db.session.scalar(
        sa.select(Submission).where(Submission.reference == moderation.clean_reference(code))
    )
    if submission is None:
        form = StatusLookupForm(data={"code": code})
        form.code.errors = [_("We found no submission with this code. Please check it.")]
        return render_template("submit/status_lookup.html", form=form), 404
    return render_template("submit/status.html", submission=submission,
                           just_sent=request.args.get("sent") == "1")


@bp.route("/submit/check/phone", methods=["POST"])
@limiter.limit("60 per minute")
def check_phone_field():
    """htmx: check one phone number as it is left; returns only the message element."""
    target = request.headers.get("HX-Target", "")
    if not target.endswith("-error") or not target.replace("-", "").isalnum():
        abort(400)
    value = next((v for k, v in request.form.items() if k.endswith("number")), "")
    message = None
    if value.strip():
        try:
            parse_malaysian(value)
        except NotAMalaysianNumber:
            message = PHONE_MESSAGE
    return render_template("macros/_field_error.html", error_id=target, message=message)


FORM_PAGES = {
    "submit.new_service": ("submit/new.html", NewServiceForm, True),
    "submit.update": ("submit/update.html", UpdateForm, True),
    "submit.report": ("submit/report.html", ReportForm, False),
}


def form_page_with_input(message: str, status: int):
    """Show the form again with everything that was typed, and why it was not accepted."""
    page = FORM_PAGES.get(request.endpoint) if request.method == "POST" else None
    if page is None:
        return None
    template, form_class, with_details = page
    form = details_form(form_class) if with_details else form_class()
    context = {}
    if "slug" in (request.view_args or {}):
        try:
            context["service"] = published_service(request.view_args["slug"])
        except sa.exc.SQLAlchemyError:
            db.session.rollback()
            return None  # the page needs the service; the generic error page says what happened
    return render_form(template, form, status, error=message, **context)


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    message = _("Your form had expired, so it was not sent. Everything you typed is still "
                "here: please check it and send it again.")
    return form_page_with_input(message, 400) or (
        render_template("errors/error.html", error=error), 400)


@bp.errorhandler(sa.exc.OperationalError)
@bp.errorhandler(sa.exc.InterfaceError)
def database_down(error):
    db.session.rollback()
    current_app.logger.warning("Database unavailable while handling a form")
    page = form_page_with_input(not_saved_message(), 503)
    if page is None:
        from ..web.errors import database_unavailable
        return database_unavailable(error)
    return page


@bp.errorhandler(TooManyRequests)
def too_many(error):
    message = _("You have sent several forms in a short time, so this one was not accepted "
                "yet. Everything you typed is still here: please wait a few minutes and send "
                "it again.")
    return form_page_with_input(message, 429) or (
        render_template("errors/error.html", error=error), 429)
