"""carers keep the profile: confirmation, transfers of placement, risk assessed locations

A carer confirms the Philomena profile is still right (children.profile_confirmed_at/by; a
saved version confirms too); a child moves to another organisation with a row in
child_transfers (from that moment the old organisation loses access); places gain the kind
"risk_assessed_location" (issue 10).

Revision ID: e1c1a1b1c101
Revises: e5c5a5b5c505
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = "e1c1a1b1c101"
down_revision = "e5c5a5b5c505"
branch_labels = None
depends_on = None

_KINDS = ("home", "friend_address", "relative_address", "associate_address", "school",
          "shop_leisure", "street_park", "transport_hub", "entertainment", "police_office",
          "previous_placement", "other")


def _kind_check(kinds):
    quoted = ", ".join(f"'{k}'" for k in kinds)
    op.drop_constraint(op.f("ck_places_kind_valid"), "places", type_="check")
    op.create_check_constraint(op.f("ck_places_kind_valid"), "places", f"kind IN ({quoted})")


def upgrade():
    op.add_column("children", sa.Column("profile_confirmed_at", sa.DateTime(timezone=True),
                                        nullable=True))
    op.add_column("children", sa.Column("profile_confirmed_by_id", sa.Integer(),
                                        nullable=True))
    op.create_foreign_key(op.f("fk_children_profile_confirmed_by_id_users"), "children",
                          "users", ["profile_confirmed_by_id"], ["id"])
    op.create_table(
        "child_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("from_organisation_id", sa.Integer(), nullable=True),
        sa.Column("to_organisation_id", sa.Integer(), nullable=False),
        sa.Column("from_team_id", sa.Integer(), nullable=False),
        sa.Column("to_team_id", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("from_organisation_id IS DISTINCT FROM to_organisation_id",
                           name=op.f("ck_child_transfers_moves_somewhere")),
        sa.ForeignKeyConstraint(["child_id"], ["children.id"],
                                name=op.f("fk_child_transfers_child_id_children")),
        sa.ForeignKeyConstraint(["from_organisation_id"], ["organisations.id"],
                                name=op.f("fk_child_transfers_from_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["to_organisation_id"], ["organisations.id"],
                                name=op.f("fk_child_transfers_to_organisation_id_organisations")),
        sa.ForeignKeyConstraint(["from_team_id"], ["teams.id"],
                                name=op.f("fk_child_transfers_from_team_id_teams")),
        sa.ForeignKeyConstraint(["to_team_id"], ["teams.id"],
                                name=op.f("fk_child_transfers_to_team_id_teams")),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"],
                                name=op.f("fk_child_transfers_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_transfers")),
    )
    op.create_index(op.f("ix_child_transfers_child_id"), "child_transfers", ["child_id"],
                    unique=False)
    _kind_check(_KINDS + ("risk_assessed_location",))


def downgrade():
    # Kept as places of kind "other": a downgrade loses the kind, not the place.
    op.execute("UPDATE places SET kind = 'other' WHERE kind = 'risk_assessed_location'")
    _kind_check(_KINDS)
    op.drop_index(op.f("ix_child_transfers_child_id"), table_name="child_transfers")
    op.drop_table("child_transfers")
    op.drop_constraint(op.f("fk_children_profile_confirmed_by_id_users"), "children",
                       type_="foreignkey")
    op.drop_column("children", "profile_confirmed_by_id")
    op.drop_column("children", "profile_confirmed_at")
