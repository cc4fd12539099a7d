"""feed: each event's transaction id and audience

Catch-up used to ask for ids above the last one a client saw, but ids come from a sequence at
flush time and transactions commit in another order, so an event that committed late under a
lower id was never sent. Each event now keeps the id of the transaction that wrote it
(pg_current_xact_id(), assigned in that transaction); a client's position in the feed is a
PostgreSQL snapshot, and catch-up sends what is visible now and was not visible in it
(docs/decisions.md, "The live feed's guarantee").

`audience` holds the keys of everyone who may read the event's record (locate/domain/
audience.py): socket rooms and catch-up both compare against it.

Rows written before this revision get xid 0: committed long ago, older than any snapshot.

Revision ID: c3f1e0a1b201
Revises: b7e4d2a9c310
Create Date: 2026-12-01 10:40:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "c3f1e0a1b201"
down_revision = "b7e4d2a9c310"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("events", sa.Column("xid", sa.BigInteger(), nullable=False,
                                      server_default="0"))
    op.alter_column("events", "xid",
                    server_default=sa.text("(pg_current_xact_id()::text::bigint)"))
    op.add_column("events", sa.Column("audience", postgresql.ARRAY(sa.Text()), nullable=False,
                                      server_default="{}"))
    op.create_index("ix_events_xid", "events", ["xid"])
    op.create_index("ix_events_audience", "events", ["audience"], postgresql_using="gin")


def downgrade():
    op.drop_index("ix_events_audience", table_name="events")
    op.drop_index("ix_events_xid", table_name="events")
    op.drop_column("events", "audience")
    op.drop_column("events", "xid")
