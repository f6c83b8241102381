"""Forms for NGOs and the public: new services, updates, problem reports, status lookups.

The service details themselves are moderation.service_form.ServiceDetailsForm (shared with
the moderators' review page, so both validate the same way). Every message is translatable
and says how to fix the problem.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..labels import REPORT_REASON_LABELS
from ..moderation.service_form import ServiceDetailsForm
from ..phones import NotAMalaysianNumber, parse_malaysian


def check_email(text: str) -> None:
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(_l("Please give an email address such as name@example.org.")) from None


def check_contact(form, field) -> None:
    """An email address or a Malaysian phone number, so a moderator can reply."""
    value = (field.data or "").strip()
    if not value:
        return
    if "@" in value:
        check_email(value)
    else:
        try:
            parse_malaysian(value)
        except NotAMalaysianNumber:
            raise ValidationError(_l(
                "Please give an email address or a Malaysian phone number we can reach you on."
            )) from None


class HoneypotMixin:
    # Hidden from people (CSS, aria-hidden, no tab stop); bots fill every field they find.
    homepage = StringField(_l("Leave this field empty"), [Optional()])

    def validate_homepage(self, field):
        if field.data:
            raise ValidationError(_l("Please leave this field empty."))


class SubmitterMixin:
    submitter_name = StringField(_l("Your name"), [
        DataRequired(_l("Please tell us your name.")), Length(max=200)])
    submitter_organisation = StringField(_l("Your organisation (if any)"),
                                         [Optional(), Length(max=200)])
    submitter_contact = StringField(_l("Your email or phone number"), [
        DataRequired(_l("Please tell us how to reach you if we have a question.")),
        Length(max=254), check_contact])


class NewServiceForm(HoneypotMixin, SubmitterMixin, ServiceDetailsForm):
    def validate_sources(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l(
                "Please give at least one link where we can check these details, such as the "
                "service's own web page."))


class UpdateForm(HoneypotMixin, SubmitterMixin, ServiceDetailsForm):
    comment = TextAreaField(_l("What has changed? (optional)"), [Optional(), Length(max=1000)])


class ReportForm(HoneypotMixin, FlaskForm):
    reason = RadioField(_l("What is wrong?"), [InputRequired(_l("Please choose what is wrong."))],
                        choices=[SelectChoice(code, label)
                                 for code, label in REPORT_REASON_LABELS.items()])
    comment = TextAreaField(_l("Anything else we should know? (optional)"),
                            [Optional(), Length(max=1000)])
    contact = StringField(_l("Your email or phone, if you would like a reply (optional)"),
                          [Optional(), Length(max=254), check_contact])


class StatusLookupForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    code = StringField(_l("Reference code"), [DataRequired(_l("Please enter your reference code.")),
                                              Length(max=30)])
