"""flask commands and the settings reader."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from locate.config import DEFAULT_REVIEW_MINUTES, Settings
from locate.models import AuditEntry, User
from locate.security.passwords import verify_password


def test_create_user_command(app, session, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "--username", "pc1234", "--password",
                                 "a long enough password", "--role", "constable",
                                 "--team", "LDS", "--name", "PC Jones"])
    assert result.exit_code == 0, result.output
    user = session.execute(sa.select(User).where(User.username == "pc1234")).scalar_one()
    assert user.team_id == world.team_a.id and user.role == "constable"
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "a long enough password")
    assert session.execute(sa.select(AuditEntry).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == str(user.id))).scalar_one()


@pytest.mark.parametrize(("args", "message"), [
    (["--password", "short", "--role", "constable", "--team", "LDS"], "at least 12"),
    (["--password", "a long enough password", "--role", "constable"], "needs a team"),
    (["--password", "a long enough password", "--role", "constable", "--team", "NOPE"],
     "No team"),
    (["--password", "a long enough password", "--role", "partner"], "organisation"),
])
def test_create_user_refuses_bad_input(app, session, world, args, message):
    before = session.execute(sa.select(sa.func.count(User.id))).scalar()
    result = app.test_cli_runner().invoke(args=["create-user", "--username", "x1", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert session.execute(sa.select(sa.func.count(User.id))).scalar() == before


def test_production_requires_a_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        Settings.from_env({"LOCATE_ENV": "production"})
    values = Settings.from_env({"LOCATE_ENV": "production", "SECRET_KEY": "x" * 40}).values
    assert values["SESSION_COOKIE_SECURE"] and values["FORCE_HTTPS"]


def test_review_intervals_are_settings():
    values = Settings.from_env({"LOCATE_REVIEW_MINUTES": "high=30,low=600"}).values
    assert values["REVIEW_MINUTES"]["high"] == 30
    assert values["REVIEW_MINUTES"]["medium"] == DEFAULT_REVIEW_MINUTES["medium"]
    with pytest.raises(ValueError, match="absent"):
        Settings.from_env({"LOCATE_REVIEW_MINUTES": "absent=60"})


def test_database_url_wins_over_the_private_cluster():
    values = Settings.from_env({"DATABASE_URL": "postgresql://u@h/db"}).values
    assert values["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u@h/db"
    # Without MIGRATION_DATABASE_URL the migrations use DATABASE_URL (env.py warns).
    assert values["MIGRATION_DATABASE_URI"] == "postgresql+psycopg2://u@h/db"
    values = Settings.from_env({"DATABASE_URL": "postgres://app:pw@h/db",
                                "MIGRATION_DATABASE_URL": "postgres://owner:pw@h/db"}).values
    assert values["MIGRATION_DATABASE_URI"] == "postgresql+psycopg2://owner:pw@h/db"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg2",
                                    "POSTGRESQL"])
def test_the_database_url_forms_hosts_hand_out_all_connect(database_url, scheme):
    """SQLAlchemy 2.1 reads postgresql:// as psycopg 3 (not installed) and refuses postgres://;
    LOCATE takes both, as Heroku, Render or Debian write them, and connects through psycopg2."""
    url = make_url(database_url)
    written = url.render_as_string(hide_password=False).replace(
        "postgresql+psycopg2://", f"{scheme}://", 1)
    values = Settings.from_env({"DATABASE_URL": written}).values
    engine = sa.create_engine(values["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT current_user")).scalar() == url.username
    engine.dispose()


@pytest.mark.parametrize("url", ["postgresql+psycopg://u@h/db", "mysql://u@h/db",
                                 "sqlite:///x.db", "u@h/db"])
def test_other_database_urls_are_refused_by_name(url):
    with pytest.raises(ValueError, match="DATABASE_URL must start with postgresql://"):
        Settings.from_env({"DATABASE_URL": url})
    with pytest.raises(ValueError, match="MIGRATION_DATABASE_URL"):
        Settings.from_env({"DATABASE_URL": "postgres://u@h/db", "MIGRATION_DATABASE_URL": url})
