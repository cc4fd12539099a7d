"""A small fixture force for the coordinator's desk: places and pairs whose answers are known."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from shapely.geometry import Point

from locate.geo import to_db
from locate.models import Sighting

from . import factories

# Roundhay Park, Leeds (inside team A's patrol area), and a street 5 km away.
PARK = Point(-1.4985, 53.8397)
ELSEWHERE = Point(-1.6000, 53.7700)
NOW = datetime.now(UTC)


def found_episode(session, *, child_row, team_row, where, reported_at, hours=5,
                  found_by="police_patrol", grade="medium", last_seen=None, **kw):
    row = factories.episode(session, child_row=child_row, team_row=team_row, status="found",
                            grade=grade, reported_at=reported_at,
                            last_seen=last_seen or where)
    row.found_at = reported_at + timedelta(hours=hours)
    row.found_geom = to_db(where)
    row.found_by = found_by
    for key, value in kw.items():
        setattr(row, key, value)
    session.flush()
    return row


def sighting_at(session, *, episode_row, where, at):
    row = Sighting(client_id=uuid.uuid4(), episode_id=episode_row.id, observed_at=at,
                   geom=to_db(where), accuracy_m=10, source="officer", confidence="high")
    session.add(row)
    session.flush()
    return row


def park_children(session, world, *, count=3, born=date(2012, 3, 1)):
    """`count` children of team A, each found once at the park in the last month."""
    children = []
    for n in range(count):
        kid = factories.child(session, team_row=world.team_a, organisation_row=world.org_a,
                              first_name=f"Park{n}", last_name="Child", date_of_birth=born)
        found_episode(session, child_row=kid, team_row=world.team_a, where=PARK,
                      reported_at=NOW - timedelta(days=10 + n))
        children.append(kid)
    return children
