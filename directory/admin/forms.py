"""Moderators' forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, EmailField, IntegerField, PasswordField, RadioField,
    SelectField, StringField, TextAreaField, URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError,
)

from ..labels import CALL_OUTCOME_LABELS, LANGUAGE_LABELS
from ..moderation.service_form import ServiceDetailsForm


class SignInForm(FlaskForm):
    email = EmailField(_l("Email"), [DataRequired(_l("Please enter your email.")), Length(max=254)])
    password = PasswordField(_l("Password"), [DataRequired(_l("Please enter your password.")),
                                              Length(max=200)])


class ReviewForm(ServiceDetailsForm):
    """The proposal's values, editable before approval."""

    note = TextAreaField(_l("Note for the audit log (optional)"), [Optional(), Length(max=1000)])


class ReportDecisionForm(FlaskForm):
    unpublish = BooleanField(_l("Unpublish this service until someone has checked it"))
    note = TextAreaField(_l("What you did about it (optional)"), [Optional(), Length(max=1000)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason (shown to the sender on the status page)"), [
        DataRequired(_l("Please give a reason: the sender will see it.")), Length(max=1000)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class SessionForm(FlaskForm):
    slug = StringField(_l("Short name for the address"), [
        DataRequired(), Length(max=100)])
    title_ms = StringField(_l("Title in Malay"), [Optional(), Length(max=200)])
    title_en = StringField(_l("Title in English"), [Optional(), Length(max=200)])
    description_ms = TextAreaField(_l("Description in Malay"), [Optional(), Length(max=2000)])
    description_en = TextAreaField(_l("Description in English"), [Optional(), Length(max=2000)])
    speaker_name = StringField(_l("Speaker"), [DataRequired(_l("Please give the speaker's name.")),
                                               Length(max=200)])
    speaker_credentials_ms = StringField(_l("Speaker's credentials in Malay"),
                                         [Optional(), Length(max=300)])
    speaker_credentials_en = StringField(_l("Speaker's credentials in English"),
                                         [Optional(), Length(max=300)])
    language = SelectField(_l("Language of the session"), choices=[
        SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()])
    starts_at = DateTimeLocalField(_l("Starts (Malaysia time)"), [
        DataRequired(_l("Please give the date and time as day, month, year, hours and minutes."))],
        format="%Y-%m-%dT%H:%M")
    duration_minutes = IntegerField(_l("Duration in minutes"), [
        DataRequired(_l("Please give the duration in minutes.")),
        NumberRange(min=5, max=600, message=_l("Between 5 and 600 minutes, please."))])
    watch_url = URLField(_l("Where to watch (web address)"), [
        Optional(), Length(max=500),
        URL(require_tld=True, message=_l("Please give a web address such as https://example.org."))])
    watch_label_ms = StringField(_l("Name of the place to watch, in Malay"), [Optional(), Length(max=200)])
    watch_label_en = StringField(_l("Name of the place to watch, in English"), [Optional(), Length(max=200)])
    is_published = BooleanField(_l("Show on the site"), default=True)


class NewUserForm(FlaskForm):
    email = EmailField(_l("Email"), [
        DataRequired(), Length(max=254),
        Email(message=_l("Please give an email address such as name@example.org."))])
    role = SelectField(_l("Role"), choices=[SelectChoice("moderator", _l("Moderator")),
                                            SelectChoice("admin", _l("Administrator"))])
    password = PasswordField(_l("Password (at least 12 characters)"), [
        DataRequired(), Length(min=12, max=200, message=_l("At least 12 characters, please."))])


class CallForm(FlaskForm):
    """What a verification call to one line found. Built with prefix "line-<id>", so each
    line's form on the call list has its own field names and element ids."""

    outcome = RadioField(_l("What the call found"), choices=[
        SelectChoice(code, label) for code, label in CALL_OUTCOME_LABELS.items()],
        validators=[InputRequired(_l("Please choose what the call found."))], validate_choice=False)
    called_on = DateField(_l("Day of the call"), [
        InputRequired(_l("Please give the day of the call as day, month and year."))])
    note = TextAreaField(_l("Note (who you spoke to; for changes: what changed)"),
                         [Optional(), Length(max=2000)])

    def __init__(self, *args, today=None, earliest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.earliest = today, earliest

    def validate_outcome(self, field):
        if field.data not in CALL_OUTCOME_LABELS:
            raise ValidationError(_l("Please choose what the call found."))

    def validate_called_on(self, field):
        if self.today and field.data > self.today:
            raise ValidationError(_l("The day of the call cannot be in the future."))
        if self.earliest and field.data < self.earliest:
            raise ValidationError(_l("Calls older than a year cannot be recorded."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.outcome.data == "answered_changes" and not (self.note.data or "").strip():
            self.note.errors = [*self.note.errors, _l(
                "Please note what the service said has changed: it goes to the review queue.")]
            return False
        return valid
