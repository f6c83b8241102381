"""Moderation: everything that changes what the directory publishes, and its record.

submissions.py  what a proposal changes, approving or rejecting it once (the first moderator
                wins), reference codes; the only place that commits moderators' work
verification.py verification calls per phone line (the call list, recording a call and acting
                on it) and the anonymous "Did you get through?" counts
audit_trail.py  the one builder of audit change sets; listings.py, live_sessions.py: the
                moderators' direct changes
accounts.py     moderators' and administrators' accounts: Argon2 hashes, Flask-Login's loader
service_form.py the service-details form, shared by the public forms (submit/) and the
                moderators' review page (admin/), so both validate the same way

`admin/` and `submit/` depend on this package, never on each other.
"""

# Every public name of submissions.py, so `moderation.approve(...)` reads as it always did.
from .submissions import *  # noqa: F401,F403
from .submissions import AlreadyDecided, FieldChange  # noqa: F401  (named for readers)
