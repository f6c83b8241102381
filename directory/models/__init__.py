"""Database models, one module per area; import them from here."""

from .directory import (  # noqa: F401
    AUDIENCES, COSTS, CONFIDENCES, PHONE_KINDS, SERVICE_LANGUAGES, Bilingual, Organization, Phone,
    Schedule, Service, ServiceArea, ServiceAudience, ServiceLanguage, ServiceType, Source, State,
    service_type_links, utcnow,
)
from .moderation import (  # noqa: F401
    REPORT_REASONS, ROLES, SUBMISSION_KINDS, SUBMISSION_STATES, AuditEntry, Submission, User,
)
from .sessions import LiveSession  # noqa: F401
from .stats import CrisisSignalCount, DataVersion  # noqa: F401
from .verification import (  # noqa: F401
    CALL_OUTCOMES, FAILED_OUTCOMES, FEEDBACK_ANSWERS, LineFeedbackCount, VerificationCall,
)

# What exists only in the PostgreSQL migrations (expression, trigram and word indexes that
# SQLite cannot reflect, and the generated word vector); autogenerate and the schema test
# leave them alone.
DATABASE_ONLY_INDEXES = frozenset({
    "ix_services_search_trgm", "ix_services_order_ms", "ix_services_order_en",
    "ix_services_search_vector",
})
DATABASE_ONLY_COLUMNS = frozenset({("services", "search_vector")})


def include_in_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "column":
        return (obj.table.name, name) not in DATABASE_ONLY_COLUMNS
    return not (type_ == "index" and name in DATABASE_ONLY_INDEXES)
