"""Two moderators approve the same submission at the same moment: exactly one wins."""

import threading
import time

import pytest
import sqlalchemy as sa

from directory import moderation
from directory.moderation import submissions
from directory.extensions import db
from directory.models import AuditEntry, Service, Submission, User

from helpers.accounts import make_user
from helpers.apps import WEDNESDAY_10AM


def pending_update(app) -> int:
    with app.app_context():
        service = db.session.scalar(sa.select(Service).where(Service.slug == "sneham-malaysia"))
        payload = moderation.snapshot(service)
        payload["hours_en"] = "5pm-9pm daily."
        submission = Submission(reference=moderation.new_reference(), kind="update",
                                service_id=service.id, payload=payload, base=moderation.snapshot(service))
        db.session.add(submission)
        db.session.commit()
        return submission.id


@pytest.mark.parametrize("run", range(3))
def test_exactly_one_of_two_concurrent_approvals_wins(app, monkeypatch, run):
    first, second = make_user(app, "a@example.org"), make_user(app, "b@example.org")
    submission_id = pending_update(app)
    original_apply = moderation.apply

    def slow_apply(*args, **kwargs):
        # Hold the row lock a while, so the other moderator's claim surely overlaps it.
        time.sleep(0.3)
        return original_apply(*args, **kwargs)

    monkeypatch.setattr(submissions, "apply", slow_apply)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def moderate(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            submission = db.session.get(Submission, submission_id)
            values = dict(submission.payload)
            barrier.wait()
            try:
                moderation.approve(submission, user, values, WEDNESDAY_10AM)
                outcomes[user_id] = "won"
            except moderation.AlreadyDecided as error:
                outcomes[user_id] = f"told: {error.submission.status}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=moderate, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["told: approved", "won"]
    with app.app_context():
        winner = next(u for u, o in outcomes.items() if o == "won")
        submission = db.session.get(Submission, submission_id)
        assert submission.status == "approved" and submission.decided_by_id == winner
        entries = db.session.scalars(sa.select(AuditEntry)).all()
        assert len(entries) == 1 and entries[0].user_id == winner
        service = db.session.scalar(sa.select(Service).where(Service.slug == "sneham-malaysia"))
        assert service.hours_en == "5pm-9pm daily."
