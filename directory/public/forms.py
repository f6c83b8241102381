"""The directory's filter form: renders the filters that listing.filters parses.

The form does not validate: `listing.filters.parse` is the one parser (the page, the widget
and the API share it); the form shows its result, with each error in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, SearchField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from .. import reference
from ..labels import AUDIENCE_LABELS, LANGUAGE_LABELS
from ..listing import ListingRequest, form_args
from ..listing.filters import MAX_QUERY_LENGTH, NO_SUCH_PAGE, TOO_LONG, UNKNOWN_CHOICE

ERROR_MESSAGES = {
    UNKNOWN_CHOICE: _l("This choice is not one we know, so it was ignored."),
    TOO_LONG: _l("Please use at most %(num)s characters.", num=MAX_QUERY_LENGTH),
    NO_SUCH_PAGE: _l("There is no such page."),
}


class DirectoryFilterForm(Form):
    q = SearchField(_l("Search"))
    # Translators: one of Malaysia's states or federal territories (negeri).
    state = SelectField(default="", label=_l("State"))
    service = SelectMultipleField(
        _l("Type of help"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        # Checkboxes are filter-service-0, -1, …: distinct from the cards' card-<id>.
        id="filter-service",
    )
    speaks = SelectField(default="", label=_l("Language spoken"))
    open = SelectField(default="", label=_l("Opening hours"))
    cost = SelectField(default="", label=_l("Cost"))
    audience = SelectField(default="", label=_l("Who it is for"))
    page = StringField(_l("Page"))

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
        self.open.choices = [
            SelectChoice("", _l("Any time")),
            SelectChoice("24h", _l("Open 24 hours")),
            SelectChoice("now", _l("Open now")),
        ]
        self.cost.choices = [SelectChoice("", any_label), SelectChoice("free", _l("Free"))]
        self.audience.choices = [SelectChoice("", _l("Everyone"))] + [
            SelectChoice(code, label) for code, label in AUDIENCE_LABELS.items()
        ]

    def summary(self) -> list[str]:
        """The valid filters in words, in the form's order: ["Kelantan", "Eating disorders"]."""
        parts = [self.q.data.strip()] if self.q.data and not self.q.errors else []
        for field in (self.state, self.service, self.open, self.speaks, self.audience, self.cost):
            if not field.data or field.errors:
                continue
            chosen = set(field.data) if isinstance(field.data, list) else {field.data}
            parts += [str(choice.label) for choice in field.choices
                      if choice.value and choice.value in chosen]
        return parts


def filter_form(parsed: ListingRequest, locale: str) -> DirectoryFilterForm:
    """The form showing a parsed query: valid filters selected, errors in words."""
    form = DirectoryFilterForm(form_args(parsed), reference.states(), reference.service_types(),
                               locale)
    for name, error in parsed.errors.items():
        form[name].errors = [ERROR_MESSAGES[error]]
    return form
