"""The app's database role can read and write rows and nothing else: it cannot switch the audit
log's trigger off, empty it, change the schema, or become the owner."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from locate.extensions import db
from locate.security.database_roles import APPEND_ONLY_TABLES

REFUSED = [
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "SET session_replication_role = replica",
    "TRUNCATE audit_log",
    "DELETE FROM audit_log",
    "UPDATE audit_log SET entity = 'x'",
    "DROP TABLE audit_log",
    "DROP TABLE users CASCADE",
    "ALTER TABLE users ADD COLUMN x int",
    "ALTER TABLE episodes OWNER TO CURRENT_USER",
    "CREATE TABLE erase_me (id int)",
    "CREATE INDEX ON users (username)",
    "TRUNCATE users CASCADE",
    "CREATE SCHEMA elsewhere",
]


@pytest.fixture()
def app_connection(database_url):
    """A bare connection as the role the app uses (DATABASE_URL), no fixture magic."""
    engine = sa.create_engine(database_url, poolclass=NullPool)
    with engine.connect() as conn:
        yield conn
        conn.rollback()
    engine.dispose()


@pytest.fixture()
def owner_role(app):
    return make_url(app.config["MIGRATION_DATABASE_URI"]).username


@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_role_may_not(app_connection, statement):
    with pytest.raises(DBAPIError, match="permission denied|must be owner") as refused:
        app_connection.execute(sa.text(statement))
    assert refused.value.orig.pgcode == "42501"  # insufficient_privilege, not the trigger
    app_connection.rollback()


def test_the_app_role_may_not_become_the_owner(app_connection, owner_role):
    with pytest.raises(DBAPIError, match="permission denied"):
        app_connection.execute(sa.text(f'SET ROLE "{owner_role}"'))
    app_connection.rollback()
    member = app_connection.execute(sa.text(
        "SELECT pg_has_role(current_user, :owner, 'MEMBER')"), {"owner": owner_role}).scalar()
    assert member is False


def test_the_app_role_adds_and_reads_audit_rows(app_connection):
    app_connection.execute(sa.text(
        "INSERT INTO audit_log (action, entity, entity_id, details) "
        "VALUES ('view', 'child', '1', '{}')"))
    rows = app_connection.execute(sa.text(
        "SELECT count(*) FROM audit_log WHERE entity_id = '1'")).scalar()
    assert rows == 1
    app_connection.rollback()


def test_the_app_role_holds_no_power_beyond_rows(app_connection, owner_role):
    me = app_connection.execute(sa.text(
        "SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls "
        "FROM pg_roles WHERE rolname = current_user")).one()
    assert me.current_user != owner_role
    assert not (me.rolsuper or me.rolcreatedb or me.rolcreaterole or me.rolbypassrls)
    owned = app_connection.execute(sa.text(
        "SELECT count(*) FROM pg_class WHERE relowner = "
        "(SELECT oid FROM pg_roles WHERE rolname = current_user)")).scalar()
    assert owned == 0
    assert app_connection.execute(sa.text(
        "SELECT has_schema_privilege('public', 'CREATE') "
        "OR has_database_privilege(current_database(), 'CREATE')")).scalar() is False
    # Every table of the schema: exactly what the app needs, and never more.
    rights = app_connection.execute(sa.text("""
        SELECT c.relname, array_remove(ARRAY[
          CASE WHEN has_table_privilege(c.oid, 'SELECT') THEN 'SELECT' END,
          CASE WHEN has_table_privilege(c.oid, 'INSERT') THEN 'INSERT' END,
          CASE WHEN has_table_privilege(c.oid, 'UPDATE') THEN 'UPDATE' END,
          CASE WHEN has_table_privilege(c.oid, 'DELETE') THEN 'DELETE' END,
          CASE WHEN has_table_privilege(c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
          CASE WHEN has_table_privilege(c.oid, 'REFERENCES') THEN 'REFERENCES' END,
          CASE WHEN has_table_privilege(c.oid, 'TRIGGER') THEN 'TRIGGER' END], NULL)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'""")).all()
    rights = dict(rights)
    for table in APPEND_ONLY_TABLES:
        assert rights.pop(table) == ["SELECT", "INSERT"]
    assert rights.pop("alembic_version") == ["SELECT"]
    assert rights.pop("hotspot_points") == ["SELECT"]  # kept by the owner's triggers
    assert rights.pop("spatial_ref_sys") == ["SELECT"]  # PostGIS's, readable by everyone
    assert rights and all(r == ["SELECT", "INSERT", "UPDATE", "DELETE"] for r in rights.values())
    sequences = app_connection.execute(sa.text(
        "SELECT bool_and(has_sequence_privilege(c.oid, 'USAGE')), "
        "bool_or(has_sequence_privilege(c.oid, 'UPDATE')) FROM pg_class c "
        "WHERE c.relkind = 'S'")).one()
    assert sequences == (True, False)


def test_the_suite_runs_as_the_app_role(app, session, database_url):
    """Every other test goes through the same role, so the app is proved to need no more."""
    with app.app_context():
        engine_user = db.engine.url.username
    assert session.execute(sa.text("SELECT current_user")).scalar() == engine_user == \
        make_url(database_url).username != make_url(app.config["MIGRATION_DATABASE_URI"]).username


def test_a_table_a_later_migration_adds_gets_the_app_grants(owner_session, app):
    """grant_app_role runs after every migration run: it covers tables it has never seen and
    takes back what was granted by hand."""
    from locate.security.database_roles import grant_app_role

    app_role = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username
    owner_session.execute(sa.text("CREATE TABLE later_table (id serial PRIMARY KEY)"))
    owner_session.execute(sa.text(f'GRANT ALL ON audit_log TO "{app_role}"'))
    grant_app_role(owner_session.connection(), app_role)
    granted = owner_session.execute(sa.text(
        "SELECT has_table_privilege(:r, 'later_table', 'DELETE'), "
        "has_table_privilege(:r, 'later_table', 'TRUNCATE'), "
        "has_sequence_privilege(:r, 'later_table_id_seq', 'USAGE'), "
        "has_table_privilege(:r, 'audit_log', 'DELETE'), "
        "has_table_privilege(:r, 'audit_log', 'TRIGGER')"), {"r": app_role}).one()
    assert granted == (True, False, True, False, False)


@pytest.fixture()
def admin_connection():
    """The cluster administrator, in a transaction rolled back afterwards (CREATE ROLE is
    transactional, so nothing stays in the cluster)."""
    from locate.config import database_urls

    engine = sa.create_engine(database_urls().admin, poolclass=NullPool)
    with engine.connect() as conn:
        yield conn
        conn.rollback()
    engine.dispose()


def test_preparing_roles_never_weakens_or_reuses_the_administrator(admin_connection,
                                                                    owner_role):
    from locate.security.database_roles import ensure_roles

    admin = admin_connection.execute(sa.text("SELECT current_user")).scalar()
    with pytest.raises(RuntimeError, match="neither the owner role nor the administrator"):
        ensure_roles(admin_connection, owner=owner_role, app=admin)
    with pytest.raises(RuntimeError, match="neither the owner role"):
        ensure_roles(admin_connection, owner=owner_role, app=owner_role)
    assert admin_connection.execute(sa.text(
        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar() is True


@pytest.mark.parametrize("power", ["SUPERUSER", "CREATEROLE", "IN ROLE {owner}"])
def test_an_app_role_with_power_is_refused(admin_connection, owner_role, power):
    from locate.security.database_roles import ensure_roles

    admin_connection.execute(sa.text(
        f"CREATE ROLE app_with_power LOGIN {power.format(owner=owner_role)}"))
    with pytest.raises(RuntimeError, match="must be none of these"):
        ensure_roles(admin_connection, owner=owner_role, app="app_with_power")
