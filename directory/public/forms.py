"""The directory's filter form: parses and validates the query string."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, HiddenField, SearchField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..labels import AUDIENCE_LABELS, FEEDBACK_ANSWER_LABELS, LANGUAGE_LABELS
from ..queries import DirectoryFilters
from ..verification import answer_token_valid

# The query parameters the directory reads; anything else (utm_*, fbclid…) is ignored.
FILTER_PARAMS = ("q", "state", "service", "speaks", "open", "cost", "audience", "page")

INVALID_CHOICE = _l("This choice is not one we know, so it was ignored.")


class DirectoryFilterForm(Form):
    q = SearchField(
        _l("Search"), [Optional(), Length(max=100, message=_l("Please use at most 100 characters."))]
    )
    # Translators: one of Malaysia's states or federal territories (negeri).
    state = SelectField(default="", label=_l("State"), invalid_choice_message=INVALID_CHOICE)
    service = SelectMultipleField(
        _l("Type of help"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        invalid_choice_message=INVALID_CHOICE,
        # Checkboxes are filter-service-0, -1, …: distinct from the cards' card-<id>.
        id="filter-service",
    )
    speaks = SelectField(default="", label=_l("Language spoken"), invalid_choice_message=INVALID_CHOICE)
    open = SelectField(default="", label=_l("Opening hours"), invalid_choice_message=INVALID_CHOICE)
    cost = SelectField(default="", label=_l("Cost"), invalid_choice_message=INVALID_CHOICE)
    audience = SelectField(default="", label=_l("Who it is for"),
                           invalid_choice_message=INVALID_CHOICE)
    page = StringField(
        _l("Page"), [Optional(), Regexp(r"^[1-9][0-9]{0,4}$", message=_l("There is no such page."))]
    )

    def __init__(self, args: MultiDict, states, service_types, locale: str):
        # Empty values mean "no filter"; dropping them keeps WTForms from flagging them.
        super().__init__(MultiDict([(k, v) for k, v in args.items(multi=True) if v.strip()]))
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

    def filters(self) -> DirectoryFilters:
        """The valid filters; a field that failed validation is left out."""

        def ok(field):
            return field.data if field.data and not field.errors else None

        return DirectoryFilters(
            state=ok(self.state),
            services=tuple(ok(self.service) or ()),
            speaks=ok(self.speaks),
            open=ok(self.open),
            cost=ok(self.cost),
            audience=ok(self.audience),
            q=" ".join((ok(self.q) or "").split()),
        )

    def page_number(self) -> int:
        return int(self.page.data) if self.page.data and not self.page.errors else 1

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
