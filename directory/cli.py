"""Command-line tools: `flask --app wsgi seed`, and more as the project grows."""

import click
from flask.cli import with_appcontext

from .extensions import db


@click.command("seed")
@click.option("--demo-sessions", is_flag=True,
              help="Also load invented sample live sessions, marked as demo data.")
@with_appcontext
def seed_command(demo_sessions: bool) -> None:
    """Load the bundled data set (idempotent: a second run changes nothing)."""
    from .clock import system_now
    from .seed import seed, seed_demo_sessions

    report = seed()
    click.echo(
        f"States updated: {report.states}; service types updated: {report.service_types}; "
        f"services added: {report.services_added} "
        f"({report.services_unpublished} kept unpublished: low confidence); "
        f"services already present, left as they are: {report.services_kept}."
    )
    if demo_sessions:
        added = seed_demo_sessions(system_now())
        click.echo(f"Demo sessions added (labelled as demo data): {added}.")


def init_app(app) -> None:
    from .translate import translate

    app.cli.add_command(seed_command)
    app.cli.add_command(translate)
    app.shell_context_processor(lambda: {"db": db})
