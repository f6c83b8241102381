""" "Did you get through?": one tap under each call button, counted per line and day."""

from flask import abort, current_app, make_response, redirect, request, url_for
from flask_babel import gettext as _

from ..moderation import verification
from ..web.clock import now
from ..extensions import csrf, limiter
from ..web.htmx import render_switching, wants_fragment
from . import bp
from .forms import GotThroughForm

# Per client address (kept only by the rate limiter, for the minute or hour it counts).
# Generous: many people share one address on mobile networks.
ANSWER_LIMIT = "6 per minute;60 per hour"


def answer_response(phone, service, status: int, message: str | None = None,
                    thanks: bool = False):
    """The question (with a message) or the thank-you: alone for htmx, else in a page."""
    return render_switching("public/got_through.html", "public/_got_through.html", status,
                            phone=phone, service=service, message=message, thanks=thanks)


def too_many_answers(_limit):
    found = verification.published_line(request.view_args.get("phone_id", 0))
    message = _("Several answers came from your connection in a short time, so this one was "
                "not counted. Please try again in a few minutes.")
    if found is None:
        return make_response(message, 429)
    return answer_response(*found, 429, message)


@bp.route("/lines/<id:phone_id>/got-through", methods=["POST"])
@csrf.exempt  # a signed token per line instead (verification.answer_token): no session cookie
@limiter.limit(ANSWER_LIMIT, on_breach=too_many_answers)
def got_through(phone_id: int):
    """Count one answer for this line today; it never changes what is published."""
    found = verification.published_line(phone_id)
    if found is None:
        abort(404)
    phone, service = found
    if not verification.sent_from_this_site(request.headers, request.host):
        return answer_response(phone, service, 403,
                               _("Answers can only be sent from this site's own pages."))
    form = GotThroughForm(request.form, phone_id, current_app.config["SECRET_KEY"],
                          verification.today_in_kl(now()))
    if not form.validate():
        return answer_response(phone, service, 400, form.first_error())
    verification.count_answer(phone.id, form.answer.data, now())
    if wants_fragment():
        return answer_response(phone, service, 200, thanks=True)
    return redirect(url_for("public.service", slug=service.slug, thanks=phone.id)
                    + f"#got-through-{phone.id}", code=303)
