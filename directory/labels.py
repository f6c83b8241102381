"""Translatable labels for the directory's fixed vocabularies (codes live in the data)."""

from flask_babel import lazy_gettext as _l
from flask_babel import pgettext

LANGUAGE_LABELS = {
    "ms": _l("Malay"),
    "en": _l("English"),
    # Translators: the language (Mandarin and other Chinese languages spoken in Malaysia).
    "zh": _l("Chinese"),
    "ta": _l("Tamil"),
}

AUDIENCE_LABELS = {
    "general": _l("Anyone"),
    "youth": _l("Children and young people"),
    "parents": _l("Parents and caregivers"),
    "educators": _l("Teachers and schools"),
}

COST_LABELS = {
    "free": _l("Free"),
    "paid": _l("Paid"),
    "mixed": _l("Some parts free, some paid"),
    "unknown": _l("Cost not confirmed"),
}


REPORT_REASON_LABELS = {
    "number_not_working": _l("The number does not work"),
    "closed": _l("The service has closed"),
    "wrong_hours": _l("The opening hours are wrong"),
    "other": _l("Something else"),
}

CALL_OUTCOME_LABELS = {
    "answered_confirmed": _l("Answered: the details are right"),
    "answered_changes": _l("Answered: some details have changed"),
    "no_answer": _l("No answer"),
    "not_in_service": _l("Number not in service"),
    "wrong_organisation": _l("Wrong organisation answered"),
}

# "Did you get through?" on a service page: one tap each.
FEEDBACK_ANSWER_LABELS = {
    "got_through": _l("I got through"),
    "no_answer": _l("No answer"),
    "wrong_number": _l("Wrong number"),
    "closed": _l("They were closed"),
}

SUBMISSION_KIND_LABELS = {
    "new_service": _l("New service"),
    "update": _l("Update"),
    "report": _l("Problem report"),
}

SUBMISSION_STATUS_LABELS = {
    "received": _l("Received, waiting for review"),
    "approved": _l("Approved"),
    "rejected": _l("Not accepted"),
}


def source_kind_label(kind: str | None) -> str:
    """Group the data set's many source types into a few that readers understand."""
    kind = (kind or "").lower()
    if kind.startswith("news"):
        return pgettext("source kind", "News report")
    if kind.startswith("official") or kind in {"press release", "state government news"}:
        return pgettext("source kind", "Official source")
    if kind.startswith("submitted"):
        return pgettext("source kind", "Sent to us by the service")
    if kind.startswith("third_party") or kind == "directory":
        return pgettext("source kind", "Third-party listing")
    return pgettext("source kind", "Other public source")
