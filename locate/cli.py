"""flask commands: users, demo data, VAPID keys."""

from __future__ import annotations

import click
from flask import Flask

from .domain.errors import DomainError
from .domain.vocab import ROLES
from .extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(demo_data)
    app.cli.add_command(vapid_keys)
    app.cli.add_command(import_history)
    app.cli.add_command(backtest)
    app.cli.add_command(clock)


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--password", required=True, help="At least 12 characters.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--team", "team_code", help="Team code (constables, sergeants, inspectors).")
@click.option("--organisation-id", type=int, help="Organisation id (partners).")
@click.option("--name", "display_name", help="Display name; defaults to the username.")
@click.option("--collar-number")
def create_user(username, password, role, team_code, organisation_id, display_name,
                collar_number):
    """Create a user who can sign in."""
    from .services.accounts.users import create_user as create

    try:
        user = create(db.session, username=username, password=password, role=role,
                      team_code=team_code, organisation_id=organisation_id,
                      display_name=display_name or username, collar_number=collar_number)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role} {user.username} (id {user.id}).")


@click.command("demo-data")
@click.option("--seed", default=1, show_default=True, help="Same seed, same force.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.01, 1000),
              help="1 is a small city; about 300 grows it to a national year.")
@click.option("--password", envvar="LOCATE_DEMO_PASSWORD", default=None,
              help="Password for the demo users (default: printed random one).")
@click.option("--reset/--no-reset", default=False, help="Empty the database tables first.")
def demo_data(seed, scale, password, reset):
    """Build a synthetic West Yorkshire force with children, episodes and tasks."""
    from flask import current_app

    from .demo.build import build_demo
    from .security.database_roles import owner_session

    # As the tables' owner: the load moves the id sequences on and runs ANALYZE, which the
    # app's own role may not.
    with owner_session(current_app.config["MIGRATION_DATABASE_URI"]) as session:
        summary = build_demo(session, seed=seed, scale=scale, password=password, reset=reset)
    for line in summary:
        click.echo(line)


@click.command("vapid-keys")
@click.option("--force", is_flag=True, help="Replace existing keys (existing subscriptions die).")
def vapid_keys(force):
    """Make the VAPID key pair for Web Push under instance/ (or print them for the env)."""
    from .live.push import generate_vapid_keys

    private_path, public_key = generate_vapid_keys(force=force)
    click.echo(f"Private key: {private_path}")
    click.echo(f"Public key (applicationServerKey): {public_key}")


@click.command("import-history")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_history(path):
    """Load past episodes from CSV or GeoJSON (docs/import.md): all rows or none."""
    import time
    from pathlib import Path

    from .analysis.history_import import load

    started = time.perf_counter()
    data = Path(path).read_bytes()
    report = load(db.session, data=data, username="import-history (command line)",
                  filename=Path(path).name)
    seconds = time.perf_counter() - started
    if not report.committed:
        for e in report.errors:
            click.echo(f"row {e['row']}: {e['field']}: {e['reason']}", err=True)
        if report.error_count > len(report.errors):
            click.echo(f"... and {report.error_count - len(report.errors)} more", err=True)
        raise click.ClickException(f"{report.error_count} problem(s) in {report.rows} rows: "
                                   "nothing was loaded.")
    if report.same_file_loaded_before:
        click.echo(f"This file (sha256 {report.sha256}) was loaded before: nothing to add.")
        return
    loaded = ", ".join(f"{n} {what}" for what, n in report.loaded.items())
    click.echo(f"Loaded {report.rows} rows in {seconds:.1f} s: {loaded}; "
               f"{report.already_loaded} episodes were already loaded. sha256 {report.sha256}")


@click.command("backtest")
@click.option("--last", "last", type=int, default=None,
              help="Only the latest N qualifying episodes (default: all).")
def backtest(last):
    """Replay history: how often 'check these first' has the found place in its top 1/3/5,
    beside the two baselines (as one place each, and as lists) and whether the aim is met
    (docs/benchmarks.md)."""
    import time

    from .analysis.backtest import markdown, run

    started = time.perf_counter()
    result = run(db.session, limit_episodes=last)
    for line in markdown(result):
        click.echo(line)
    click.echo(f"\n({time.perf_counter() - started:.1f} s)")


@click.command("clock")
@click.option("--once", is_flag=True, help="One tick, then exit.")
@click.option("--now", "now_text", help="With --once: tick as if it were this ISO 8601 time "
              "(with its zone), for drills and tests.")
@click.option("--parent-pid", type=click.IntRange(min=1),
              help="Stop when this process, which started the clock, has ended (bin/run "
              "passes its own).")
def clock(once, now_text, parent_pid):
    """The review clock: raise overdue reviews and unacknowledged high risk (README "The
    review clock"). Runs until stopped, a tick every CLOCK_TICK_SECONDS."""
    import logging
    import threading
    from datetime import UTC, datetime

    from flask import current_app

    from .clock import scheduler
    from .clock.tick import tick

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per tick
    app = current_app._get_current_object()
    if now_text and not once:
        raise click.UsageError("--now moves one tick only: use it with --once.")
    if not once:
        scheduler.run(app, tick_seconds=app.config["CLOCK_TICK_SECONDS"], parent_pid=parent_pid)
        return
    try:
        now = datetime.fromisoformat(now_text) if now_text else datetime.now(UTC)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--now") from error
    if now.tzinfo is None:
        raise click.BadParameter("give the time zone, e.g. 2026-12-01T10:00:00Z", param_hint="--now")
    before = set(threading.enumerate())
    result = tick(db.session, now=now, config=app.config)
    # Pushes go out on background threads started after the commit: let them finish.
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=30)
    click.echo(f"ran={result.ran} raised={len(result.raised)} resolved={len(result.resolved)}")
