import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from .. import moderation, reference
from ..web.clock import now
from ..extensions import db
from ..web.i18n import current_locale
from ..labels import SUBMISSION_STATUS_LABELS
from ..models import SUBMISSION_KINDS, SUBMISSION_STATES, Submission
from . import bp
from .forms import RejectForm, ReportDecisionForm, ReviewForm


@bp.route("/")
def queue():
    """Submissions and problem reports, newest first, by kind and state."""
    kind = request.args.get("kind", "")
    status = request.args.get("status", "received")
    stmt = sa.select(Submission).options(selectinload(Submission.service))
    if kind in SUBMISSION_KINDS:
        stmt = stmt.where(Submission.kind == kind)
    if status in SUBMISSION_STATES:
        stmt = stmt.where(Submission.status == status)
    page = db.paginate(stmt.order_by(Submission.created_at.desc(), Submission.id.desc()),
                       per_page=50, error_out=False)
    return render_template("admin/queue.html", page=page, kind=kind, status=status,
                           kinds=SUBMISSION_KINDS, states=SUBMISSION_STATES)


def review_form(submission: Submission, formdata=None) -> ReviewForm:
    form = ReviewForm(formdata=formdata)
    form.setup(reference.states(), reference.service_types(), current_locale())
    if formdata is None:
        form.fill(submission.payload)
    return form


def show(submission: Submission, status: int = 200, **forms):
    current = moderation.snapshot(submission.service) if submission.service else {}
    changes = (moderation.diff(current, submission.payload)
               if submission.kind != "report" else [])
    context = {
        "submission": submission, "current": current, "changes": changes,
        "review": forms.get("review") or (review_form(submission)
                                          if submission.kind != "report" else None),
        "decide_report": forms.get("decide_report") or ReportDecisionForm(),
        "reject": forms.get("reject") or RejectForm(),
    }
    return render_template("admin/submission.html", **context), status


def load(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    return submission


@bp.route("/submissions/<id:submission_id>")
def submission(submission_id: int):
    """One submission: for an update, what is published next to what is proposed."""
    return show(load(submission_id))


def already_decided(error: moderation.AlreadyDecided):
    done = error.submission
    who = done.decided_by.email if done.decided_by else _("another moderator")
    flash(_("%(who)s already decided this submission (%(state)s). Nothing was changed.",
            who=who, state=SUBMISSION_STATUS_LABELS[done.status]), "error")
    return redirect(url_for("admin.submission", submission_id=done.id), code=303)


@bp.route("/submissions/<id:submission_id>/approve", methods=["POST"])
def approve(submission_id: int):
    """Apply the (possibly edited) proposal in one transaction and mark it approved."""
    submission = load(submission_id)
    if submission.kind == "report":
        form = ReportDecisionForm()
        if not form.validate_on_submit():
            return show(submission, 422, decide_report=form)
        values, unpublish, note = None, form.unpublish.data, form.note.data
    else:
        form = review_form(submission, formdata=request.form)
        if not form.validate_on_submit():
            return show(submission, 422, review=form)
        values, unpublish, note = form.values(), False, form.note.data
    try:
        moderation.approve(submission, current_user, values, now(), unpublish=unpublish,
                           note=(note or "").strip() or None)
    except moderation.AlreadyDecided as error:
        return already_decided(error)
    flash(_("Approved. The change is published and recorded in the audit log."))
    return redirect(url_for("admin.queue"), code=303)


@bp.route("/submissions/<id:submission_id>/reject", methods=["POST"])
def reject(submission_id: int):
    submission = load(submission_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return show(submission, 422, reject=form)
    try:
        moderation.reject(submission, current_user, form.reason.data.strip(), now())
    except moderation.AlreadyDecided as error:
        return already_decided(error)
    flash(_("Rejected. The sender sees your reason on the status page."))
    return redirect(url_for("admin.queue"), code=303)
