"""Command-line tools: `flask --app wsgi seed`, and more as the project grows."""

import click
from flask.cli import with_appcontext

from .extensions import db


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the bundled data set (idempotent: a second run changes nothing)."""
    from .seed import seed

    report = seed()
    click.echo(
        f"States updated: {report.states}; service types updated: {report.service_types}; "
        f"services added: {report.services_added} "
        f"({report.services_unpublished} kept unpublished: low confidence); "
        f"services already present, left as they are: {report.services_kept}."
    )


def init_app(app) -> None:
    from .translate import translate

    app.cli.add_command(seed_command)
    app.cli.add_command(translate)
    app.shell_context_processor(lambda: {"db": db})
