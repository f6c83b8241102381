"""Command-line tools: `flask --app wsgi seed`, and more as the project grows."""

import click
from flask.cli import AppGroup, with_appcontext

from .extensions import db


@click.command("seed")
@click.option("--demo-sessions", is_flag=True,
              help="Also load invented sample live sessions, marked as demo data.")
@with_appcontext
def seed_command(demo_sessions: bool) -> None:
    """Load the bundled data set (idempotent: a second run changes nothing)."""
    from .web.clock import system_now
    from .seed import seed, seed_demo_sessions

    report = seed()
    click.echo(
        f"States updated: {report.states}; service types updated: {report.service_types}; "
        f"services added: {report.services_added} "
        f"({report.services_unpublished} kept unpublished: low confidence); "
        f"services already present, left as they are: {report.services_kept}."
    )
    if report.suggested_updates:
        click.echo(f"Suggested updates from the research, NOT applied ({len(report.suggested_updates)}); "
                   "a moderator must check each one:")
        for line in report.suggested_updates:
            click.echo(f"  - {line}")
    if demo_sessions:
        added = seed_demo_sessions(system_now())
        click.echo(f"Demo sessions added (labelled as demo data): {added}.")


users = AppGroup("users", help="Moderator and administrator accounts.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["moderator", "admin"]), required=True)
@click.option("--password", help="For scripts; otherwise you are asked for it (not echoed).")
def create_user_command(email: str, role: str, password: str | None) -> None:
    """Create an account that can sign in at /admin/."""
    from .moderation.accounts import MIN_PASSWORD_LENGTH, create_user, find_user

    if find_user(email):
        raise click.ClickException(f"There is already an account for {email}.")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    user = create_user(email, password, role)
    click.echo(f"Created {user.role} {user.email}.")


crisis = AppGroup("crisis", help="The crisis detector: its data set, model and figures.")


@crisis.command("data")
def crisis_data_command() -> None:
    """Rebuild directory/crisis/data/queries.jsonl from the hand-written core_*.txt."""
    from .crisis import dataset

    rows = dataset.build()
    dataset.write(rows)
    click.echo(f"{len(rows)} queries written to {dataset.QUERIES_PATH}.")


@crisis.command("train")
def crisis_train_command() -> None:
    """Retrain the classifier on the training split (deterministic; needs scikit-learn)."""
    from .crisis import train

    data = train.train()
    click.echo(f"Model written to {train.MODEL_PATH}: {len(data['weights'])} features, "
               f"thresholds {data['thresholds']}.")


@crisis.command("eval")
@click.option("--split", type=click.Choice(["validation", "train", "all"]),
              default="validation", show_default=True)
def crisis_eval_command(split: str) -> None:
    """Recall per category, false alarms per negative kind, and the misses."""
    from .crisis.evaluate import evaluate

    evaluate(split)


verification = AppGroup("verification", help="Verification calls: which lines to call.")


@verification.command("due")
def verification_due_command() -> None:
    """Lines never confirmed, overdue or due within 30 days, one per line (tab-separated:
    state, service, number, last verified or "never", how overdue). For a cron job or e-mail."""
    from flask import current_app

    from .moderation import verification as calls
    from .web.clock import now

    today = calls.today_in_kl(now())
    lines = calls.due_lines(today, current_app.config["VERIFY_MAX_AGE_MONTHS"])
    for line in lines:
        due = line.due
        how = {"never": "never confirmed", "overdue": f"overdue by {due.days} days",
               "due": f"due in {due.days} days" if due.days else "due today"}[due.state]
        verified = line.verified_on.isoformat() if line.verified_on else "never"
        name = line.service.name_en or line.service.name_ms
        click.echo("\t".join((due.state, name, line.phone.display, verified, how)))
    click.echo(f"{len(lines)} lines due or overdue (every {current_app.config['VERIFY_MAX_AGE_MONTHS']} "
               "months).", err=True)


def init_app(app) -> None:
    from .translate import translate

    app.cli.add_command(seed_command)
    app.cli.add_command(users)
    app.cli.add_command(translate)
    app.cli.add_command(crisis)
    app.cli.add_command(verification)
    app.shell_context_processor(lambda: {"db": db})
