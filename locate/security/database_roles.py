"""Who may do what in the database: the app's role reads and writes rows and nothing else, the
owner role (migrations, bulk loads) owns the tables, and a cluster administrator only creates
databases and roles. docs/decisions.md ("Database roles") says why.

The app's rights are set table by table after every migration run (migrations/env.py calls
grant_app_role), so a table a future migration adds is covered the moment it exists, and the
append-only tables get INSERT and SELECT whatever anyone granted before.

`python -m locate.security.database_roles` prepares the private cluster's database (bin/lib.sh runs it
as the cluster's superuser); a real server is prepared by hand, as the README shows."""

from __future__ import annotations

import contextlib
import sys

import sqlalchemy as sa
import sqlalchemy.orm
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

# Rows here are evidence: the app adds and reads them, never changes or removes them (a
# trigger refuses UPDATE, DELETE and TRUNCATE to the owner as well: the first migration's for
# audit_log, e8c8a8b8c808's for child_transfers (when a child's old organisation lost access,
# and why), f2b2c2d2e202's for distance_tables (which table drew the rings when),
# eb1b1b1b1b11's for the rest).
APPEND_ONLY_TABLES = frozenset({"audit_log", "child_transfers", "events", "escalation_steps",
                                "duty_changes", "distance_tables"})
# Alembic's bookkeeping: the app may read which revision it runs on. hotspot_points is kept
# by triggers that run as the owner (migration fa1afa1afa10): the app reads it, never writes.
READ_ONLY_TABLES = frozenset({"alembic_version", "hotspot_points"})
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APPEND_PRIVILEGES = "SELECT, INSERT"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"

# Relations of the app's schema that the connected role owns and that no extension brought
# (PostGIS's spatial_ref_sys belongs to whoever created the extension and is readable by all).
_OWNED_RELATIONS = """
SELECT c.relname, c.relkind FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.relname
"""


def table_privileges(name: str, relkind: str) -> str:
    """The privileges the app's role holds on one relation of the schema."""
    if relkind == "S":
        return SEQUENCE_PRIVILEGES
    if name in READ_ONLY_TABLES or relkind in ("v", "m"):
        return "SELECT"
    if name in APPEND_ONLY_TABLES:
        return APPEND_PRIVILEGES
    return ROW_PRIVILEGES


def grant_app_role(connection: Connection, app_role: str) -> list[str]:
    """Give `app_role` exactly table_privileges() on every relation the connected (owner) role
    owns: REVOKE ALL first, so TRUNCATE, REFERENCES, TRIGGER and anything granted by hand are
    taken back. Returns the statements run."""
    quote = connection.dialect.identifier_preparer.quote
    role = quote(app_role)
    statements = []
    for name, relkind in connection.execute(sa.text(_OWNED_RELATIONS)).all():
        kind = "SEQUENCE" if relkind == "S" else "TABLE"
        target = f"{kind} {quote(name)}"
        statements += [f"REVOKE ALL ON {target} FROM {role}",
                       f"GRANT {table_privileges(name, relkind)} ON {target} TO {role}"]
    for statement in statements:
        connection.execute(sa.text(statement))
    return statements


def drop_own_extension(name: str) -> str:
    """SQL for a migration's downgrade: drop extension `name` only if the role running the
    migrations created it. A superuser made PostGIS with the database (only one may), and an
    earlier bin/run's superuser made btree_gist: the owner role may not drop those."""
    return f"""DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = '{name}'
                 AND extowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)) THEN
        DROP EXTENSION {name};
      END IF;
    END $$"""


def _role_exists(conn: Connection, name: str) -> bool:
    return bool(conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                             {"n": name}).first())


def ensure_roles(conn: Connection, *, owner: str, app: str) -> None:
    """Create whichever of the two roles is missing, able to log in and with no cluster-wide
    power. An existing role is never altered (it may be the administrator's own, or a DBA's):
    the app's is refused if it has power it must not have, or could SET ROLE to the owner.
    Run by the cluster's administrator."""
    quote = conn.dialect.identifier_preparer.quote
    if app in (owner, conn.execute(sa.text("SELECT current_user")).scalar()):
        raise RuntimeError(f"The app's role {app!r} must be neither the owner role nor the "
                           "administrator: give DATABASE_URL a role of its own")
    for name in (owner, app):
        if not _role_exists(conn, name):
            conn.execute(sa.text(f"CREATE ROLE {quote(name)} LOGIN NOSUPERUSER NOCREATEDB "
                                 "NOCREATEROLE NOREPLICATION NOBYPASSRLS"))
    powers = conn.execute(sa.text(
        "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls, "
        "pg_has_role(:app, :owner, 'MEMBER') FROM pg_roles WHERE rolname = :app"),
        {"app": app, "owner": owner}).one()
    if any(powers):
        raise RuntimeError(f"The app's role {app!r} is a superuser, may create databases or "
                           f"roles, or is a member of {owner!r}: it must be none of these")


# Objects a cluster superuser created in the schema before the roles existed (private clusters
# made by an earlier bin/run): handed to the owner so migrations can alter them.
_ADMIN_OWNED = """
SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                      WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.oid::regclass::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
UNION ALL
SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
"""


def prepare_database(admin_url: str, database: str, *, owner: str, app: str) -> None:
    """Roles, the database (owned by `owner`), PostGIS (only a superuser may create it) and
    the app's right to connect. Idempotent; takes over a database an earlier bin/run made."""
    admin = sa.create_engine(make_url(admin_url).set(database="postgres"),
                             isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        ensure_roles(conn, owner=owner, app=app)
        exists = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": database}).first()
        verb = "ALTER DATABASE {db} OWNER TO {owner}" if exists else \
            "CREATE DATABASE {db} OWNER {owner}"
        conn.execute(sa.text(verb.format(db=quote(database), owner=quote(owner))))
        conn.execute(sa.text(f"REVOKE ALL ON DATABASE {quote(database)} FROM PUBLIC"))
        conn.execute(sa.text(f"GRANT CONNECT, TEMPORARY ON DATABASE {quote(database)} "
                             f"TO {quote(app)}"))
    admin.dispose()
    inside = sa.create_engine(make_url(admin_url).set(database=database),
                              isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with inside.connect() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
        # PostgreSQL 15 already keeps CREATE on public to the database owner; say it anyway.
        conn.execute(sa.text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
        for kind, name in conn.execute(sa.text(_ADMIN_OWNED)).all():
            conn.execute(sa.text(f"ALTER {kind} {name} OWNER TO {quote(owner)}"))
    inside.dispose()


def drop_database(admin_url: str, database: str) -> None:
    """Drop a database, ending its connections first (throw-away databases of tests)."""
    admin = sa.create_engine(make_url(admin_url).set(database="postgres"),
                             isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = :n"), {"n": database})
        name = conn.dialect.identifier_preparer.quote(database)
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()


@contextlib.contextmanager
def owner_session(owner_url: str):
    """A session as the tables' owner, for bulk loads that move sequences and ANALYZE
    (flask demo-data); the running app never uses one."""
    engine = sa.create_engine(owner_url, poolclass=NullPool)
    session = sa.orm.Session(bind=engine)
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


def main() -> int:
    """Prepare the private cluster's database for the URLs locate.config derives."""
    from ..config import database_urls

    urls = database_urls()
    if urls.admin is None:
        print("DATABASE_ADMIN_URL is not set: nothing to prepare", file=sys.stderr)
        return 1
    app_url = make_url(urls.app)
    prepare_database(urls.admin, app_url.database, owner=make_url(urls.owner).username,
                     app=app_url.username)
    return 0


if __name__ == "__main__":
    sys.exit(main())
