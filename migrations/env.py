import logging
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from flask import current_app
from geoalchemy2 import alembic_helpers
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from locate.security.database_roles import grant_app_role

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
# Keep the app's loggers (the limiter's fallback warning): an upgrade run inside the app's
# process must not silence them.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger('alembic.env')


def get_engine():
    """Migrations run as the tables' owner (MIGRATION_DATABASE_URI), never as the app's
    least-privileged role; both URLs must name the same database."""
    app_url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    owner_url = make_url(current_app.config.get("MIGRATION_DATABASE_URI") or app_url)
    if (owner_url.database, owner_url.host, owner_url.port, owner_url.query.get("host")) != (
            app_url.database, app_url.host, app_url.port, app_url.query.get("host")):
        raise RuntimeError(
            f"MIGRATION_DATABASE_URL points at database {owner_url.database!r} but "
            f"DATABASE_URL at {app_url.database!r}: set both to the same database")
    return sa.create_engine(owner_url, poolclass=NullPool)


def app_role():
    """The role the app connects as, when it is not the owner (then it gets table grants)."""
    app_user = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).username
    owner = current_app.config.get("MIGRATION_DATABASE_URI")
    owner_user = make_url(owner).username if owner else app_user
    if app_user == owner_user:
        logger.warning("The app connects as the tables' owner (%s): it could alter or empty "
                       "the audit log. Set MIGRATION_DATABASE_URL to an owner role and "
                       "DATABASE_URL to a role without privileges (see the README).", app_user)
        return None
    return app_user


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')
                return
        # GeoAlchemy2 writes spatial columns and indexes the way PostGIS needs them.
        alembic_helpers.writer(context, revision, directives)

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            include_object=alembic_helpers.include_object,
            render_item=alembic_helpers.render_item,
            **conf_args
        )

        with context.begin_transaction():
            context.run_migrations()
            role = app_role()
            if role:
                # In the migrations' transaction: a new table is never visible without its
                # grants, and an append-only one never with UPDATE or DELETE.
                grant_app_role(connection, role)
    connectable.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
