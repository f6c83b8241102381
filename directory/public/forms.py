"""The directory's filter form: renders the filters that listing.filters parses.

The form does not validate: `listing.filters.parse` is the one parser (the page, the widget
and the API share it); the form shows its result, with each error in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, HiddenField, SearchField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import reference
from ..labels import AUDIENCE_LABELS, FEEDBACK_ANSWER_LABELS, LANGUAGE_LABELS
from ..listing import ListingRequest, form_args
from ..listing.filters import MAX_QUERY_LENGTH, NO_SUCH_PAGE, TOO_LONG, UNKNOWN_CHOICE
from ..moderation.verification import answer_token_valid

ERROR_MESSAGES = {
    UNKNOWN_CHOICE: _l("This choice is not one we know, so it was ignored."),
    TOO_LONG: _l("Please use at most %(num)s characters.", num=MAX_QUERY_LENGTH),
    NO_SUCH_PAGE: _l("There is no such page."),
}


LABELS = {
    "q": _l("Search"),
    # Translators: one of Malaysia's states or federal territories (negeri).
    "state": _l("State"),
    "service": _l("Type of help"),
    "speaks": _l("Language spoken"),
    "open": _l("Opening hours"),
    "cost": _l("Cost"),
    "audience": _l("Who it is for"),
    "page": _l("Page"),
}
OPEN_LABELS = {"24h": _l("Open 24 hours"), "now": _l("Open now")}
COST_FILTER_LABELS = {"free": _l("Free")}


class DirectoryFilterForm(Form):
    q = SearchField(LABELS["q"])
    state = SelectField(default="", label=LABELS["state"])
    service = SelectMultipleField(
        LABELS["service"], widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        # Checkboxes are filter-service-0, -1, …: distinct from the cards' card-<id>.
        id="filter-service",
    )
    speaks = SelectField(default="", label=LABELS["speaks"])
    open = SelectField(default="", label=LABELS["open"])
    cost = SelectField(default="", label=LABELS["cost"])
    audience = SelectField(default="", label=LABELS["audience"])
    page = StringField(LABELS["page"])

    def __init__(self, args: MultiDict, states, service_types, locale: str):
        super().__init__(args)
        # Translators: the "no filter" choice of a drop-down (any language, any cost).
        any_label = _l("Any")
        self.state.choices = [SelectChoice("", _l("All states"))] + [
            SelectChoice(s.code, s.localized("name", locale).text) for s in states
        ]
        self.service.choices = [
            SelectChoice(t.slug, t.localized("name", locale).text) for t in service_types
        ]
        self.speaks.choices = [SelectChoice("", any_label)] + [
            SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()
        ]
        self.open.choices = [SelectChoice("", _l("Any time"))] + [
            SelectChoice(code, label) for code, label in OPEN_LABELS.items()
        ]
        self.cost.choices = [SelectChoice("", any_label)] + [
            SelectChoice(code, label) for code, label in COST_FILTER_LABELS.items()
        ]
        self.audience.choices = [SelectChoice("", _l("Everyone"))] + [
            SelectChoice(code, label) for code, label in AUDIENCE_LABELS.items()
        ]


def filter_form(parsed: ListingRequest, locale: str) -> DirectoryFilterForm:
    """The form showing a parsed query: valid filters selected, errors in words."""
    form = DirectoryFilterForm(form_args(parsed), reference.states(), reference.service_types(),
                               locale)
    for name, error in parsed.errors.items():
        form[name].errors = [ERROR_MESSAGES[error]]
    return form


def filter_errors(parsed: ListingRequest) -> list[tuple[str, str]]:
    """(filter label, message) for each value left out, in the form's order."""
    return [(LABELS[name], ERROR_MESSAGES[parsed.errors[name]]) for name in LABELS
            if name in parsed.errors]


def filter_summary(parsed: ListingRequest, locale: str) -> list[str]:
    """The valid filters in words, in the form's order: ["Kelantan", "Eating disorders"]."""
    f = parsed.filters
    parts = [f.q] if f.q else []
    if f.state:
        parts += [s.localized("name", locale).text for s in reference.states() if s.code == f.state]
    parts += [t.localized("name", locale).text for t in reference.service_types()
              if t.slug in f.services]
    for value, labels in ((f.open, OPEN_LABELS), (f.speaks, LANGUAGE_LABELS),
                          (f.audience, AUDIENCE_LABELS), (f.cost, COST_FILTER_LABELS)):
        if value:
            parts.append(str(labels[value]))
    return parts


class GotThroughForm(Form):
    """ "Did you get through?": one answer and the form's signed token (no session)."""

    answer = SelectField(choices=[SelectChoice(code, label)
                                  for code, label in FEEDBACK_ANSWER_LABELS.items()],
                         validators=[InputRequired(_l("Please choose one of the answers."))],
                         invalid_choice_message=_l("Please choose one of the answers."))
    token = HiddenField()

    def __init__(self, formdata, phone_id: int, secret: str, today):
        super().__init__(formdata)
        self.phone_id, self.secret, self.today = phone_id, secret, today

    def validate_token(self, field):
        if not answer_token_valid(field.data, self.phone_id, self.secret, self.today):
            raise ValidationError(_l("This question has expired. Please reload the page and "
                                     "answer again."))

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]
