"""The service-details form: what a service is, as the public proposes it (submit/) and as a
moderator edits it before approving (admin/). One form, so both validate the same way; its
values() have the shape of submissions.snapshot().
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, EmailField, FieldList, Form, FormField, RadioField, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..labels import AUDIENCE_LABELS, COST_LABELS, LANGUAGE_LABELS
from ..phones import NotAMalaysianNumber, parse_malaysian

MAX_PHONES = 4
MAX_SOURCES = 5


def checkboxes(label, **kwargs) -> SelectMultipleField:
    return SelectMultipleField(label, widget=ListWidget(prefix_label=False),
                               option_widget=CheckboxInput(), **kwargs)


PHONE_MESSAGE = _l(
    "This is not a Malaysian phone number we can call. Write it as you would dial it, "
    "for example 03-7627 2929, 012-345 6789, 1-800-18-2327 or 15999."
)


def check_phone(text: str) -> tuple[str, str]:
    try:
        return parse_malaysian(text)
    except NotAMalaysianNumber:
        raise ValidationError(PHONE_MESSAGE) from None


def check_urls(form, field) -> None:
    lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
    if len(lines) > MAX_SOURCES:
        raise ValidationError(_l("Please give at most %(num)d links.", num=MAX_SOURCES))
    for line in lines:
        if not line.startswith(("http://", "https://")) or " " in line or len(line) > 500:
            raise ValidationError(_l(
                "Each line should be one web address starting with https:// (this one is not: "
                "%(line)s).", line=line[:80]))


class PhoneEntry(Form):
    number = StringField(_l("Phone number"), [Optional(), Length(max=30)])
    kind = SelectField(_l("Type of number"), default="voice", choices=[
        # Translators: a phone number used for voice calls.
        SelectChoice("voice", _l("Calls")),
        SelectChoice("sms", _l("SMS")),
        SelectChoice("whatsapp", _l("WhatsApp")),
    ])

    def validate_number(self, field):
        if field.data and field.data.strip():
            check_phone(field.data)


def state_choices(states, locale) -> list[SelectChoice]:
    return [SelectChoice(s.code, s.localized("name", locale).text) for s in states]


class ServiceDetailsForm(FlaskForm):
    organisation_name = StringField(_l("Organisation"), [
        DataRequired(_l("Please give the organisation's name.")), Length(max=200)])
    name_en = StringField(_l("Name of the service in English"), [Optional(), Length(max=200)])
    name_ms = StringField(_l("Name of the service in Malay"), [Optional(), Length(max=200)])
    description_en = TextAreaField(_l("What the service offers, in English"),
                                   [Optional(), Length(max=2000)])
    description_ms = TextAreaField(_l("What the service offers, in Malay"),
                                   [Optional(), Length(max=2000)])
    phones = FieldList(FormField(PhoneEntry), min_entries=MAX_PHONES, max_entries=MAX_PHONES)
    is_24_7 = BooleanField(_l("Open 24 hours, every day"))
    hours_en = TextAreaField(_l("Opening hours, in English"), [Optional(), Length(max=500)])
    hours_ms = TextAreaField(_l("Opening hours, in Malay"), [Optional(), Length(max=500)])
    nationwide = BooleanField(_l("Takes calls from anywhere in Malaysia"))
    states = checkboxes(_l("States served"))
    languages = checkboxes(_l("Languages spoken"), choices=[
        SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()])
    cost = RadioField(_l("Cost"), [InputRequired(_l("Please choose what it costs."))], choices=[
        SelectChoice(code, label) for code, label in COST_LABELS.items()])
    audiences = checkboxes(_l("Who it is for"), choices=[
        SelectChoice(code, label) for code, label in AUDIENCE_LABELS.items()])
    service_types = checkboxes(_l("Type of help"))
    website = StringField(_l("Website"), [
        Optional(), Length(max=500),
        URL(require_tld=True, message=_l("Please give a web address such as https://example.org."))])
    email = EmailField(_l("Email address of the service"), [
        Optional(), Length(max=254),
        Email(message=_l("Please give an email address such as name@example.org."))])
    sources = TextAreaField(_l("Where can we check these details?"), [check_urls])

    def setup(self, states, service_types, locale: str):
        self.states.choices = state_choices(states, locale)
        self.service_types.choices = [SelectChoice(t.slug, t.localized("name", locale).text)
                                      for t in service_types]
        return self

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked here because an empty optional field stops its own validators.
        if not (self.name_en.data or "").strip() and not (self.name_ms.data or "").strip():
            self.name_ms.errors = [*self.name_ms.errors,
                                   _l("Please give the service's name in Malay or in English.")]
            valid = False
        return valid

    def validate_phones(self, field):
        if not any((entry.number.data or "").strip() for entry in field.entries):
            raise ValidationError(_l("Please give at least one phone number."))

    def validate_states(self, field):
        if not self.nationwide.data and not field.data:
            raise ValidationError(_l("Please choose the states it serves, or tick “anywhere in Malaysia”."))

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Please choose at least one language."))

    def validate_audiences(self, field):
        if not field.data:
            raise ValidationError(_l("Please choose who it is for."))

    def validate_service_types(self, field):
        if not field.data:
            raise ValidationError(_l("Please choose at least one type of help."))

    def values(self) -> dict:
        """The cleaned values, in the shape of submissions.snapshot()."""
        phones = []
        for entry in self.phones.entries:
            if (entry.number.data or "").strip():
                number, display = parse_malaysian(entry.number.data)
                phones.append({"number": number, "display": display, "kind": entry.kind.data})
        text = {f: (getattr(self, f).data or "").strip() for f in (
            "organisation_name", "name_en", "name_ms", "description_en", "description_ms",
            "hours_en", "hours_ms", "website", "email")}
        return {
            **text,
            "phones": phones,
            "is_24_7": bool(self.is_24_7.data),
            "nationwide": bool(self.nationwide.data),
            "states": [] if self.nationwide.data else sorted(self.states.data or []),
            "languages": [c for c in LANGUAGE_LABELS if c in (self.languages.data or [])],
            "cost": self.cost.data,
            "audiences": [c for c in AUDIENCE_LABELS if c in (self.audiences.data or [])],
            "service_types": [c.value for c in self.service_types.choices
                              if c.value in (self.service_types.data or [])],
            "sources": [line.strip() for line in (self.sources.data or "").splitlines()
                        if line.strip()],
        }

    def fill(self, values: dict) -> None:
        """Prefill from a snapshot or a payload (for GET requests)."""
        for field in ("organisation_name", "name_en", "name_ms", "description_en",
                      "description_ms", "hours_en", "hours_ms", "website", "email", "is_24_7",
                      "nationwide", "states", "languages", "cost", "audiences", "service_types"):
            getattr(self, field).data = values.get(field)
        for entry, phone in zip(self.phones.entries, values.get("phones", [])):
            entry.number.data, entry.kind.data = phone["display"], phone["kind"]
        self.sources.data = "\n".join(values.get("sources", []))
