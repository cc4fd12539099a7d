"""Factories for test records: plain functions that add, flush and return."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from shapely.geometry import MultiPolygon, Point, box

from locate.geo import to_db
from locate.models import (
    Child,
    ChildProfile,
    Episode,
    Escalation,
    Organisation,
    Place,
    RiskAssessment,
    Sighting,
    Task,
    Team,
    User,
)
from locate.security.passwords import hash_password

PASSWORD = "correct horse battery staple"
_HASH = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once for every test user

# Two neighbouring West Yorkshire areas (lon/lat boxes): Leeds and Bradford.
LEEDS = box(-1.65, 53.74, -1.44, 53.86)
BRADFORD = box(-1.86, 53.74, -1.66, 53.86)
LEEDS_CENTRE = Point(-1.5491, 53.8008)
BRADFORD_CENTRE = Point(-1.7594, 53.7960)

_counter = iter(range(1, 10**9))


def _n() -> int:
    return next(_counter)


def team(session, *, code=None, name=None, area=LEEDS) -> Team:
    n = _n()
    row = Team(code=code or f"T{n}", name=name or f"Team {n}", area=to_db(MultiPolygon([area])))
    session.add(row)
    session.flush()
    return row


def organisation(session, *, team_row=None, name=None, kind="childrens_home",
                 location=LEEDS_CENTRE) -> Organisation:
    row = Organisation(name=name or f"Care home {_n()}", kind=kind, address="1 Test Street",
                       location=to_db(location), team_id=team_row.id if team_row else None)
    session.add(row)
    session.flush()
    return row


def user(session, *, role, team_row=None, organisation_row=None, username=None,
         position=None) -> User:
    row = User(username=username or f"{role}{_n()}", password_hash=_HASH, role=role,
               display_name=f"Test {role}", team_id=team_row.id if team_row else None,
               organisation_id=organisation_row.id if organisation_row else None,
               position=to_db(position) if position else None,
               position_at=datetime.now(UTC) if position else None)
    session.add(row)
    session.flush()
    return row


def child(session, *, team_row, organisation_row=None, first_name="Jade", last_name="Example",
          **profile) -> Child:
    n = _n()
    row = Child(reference=f"C{n:06d}", team_id=team_row.id,
                organisation_id=organisation_row.id if organisation_row else None)
    session.add(row)
    session.flush()
    session.add(ChildProfile(
        child_id=row.id, version=1, first_name=first_name, last_name=last_name,
        date_of_birth=profile.pop("date_of_birth", date(2011, 5, 4)),
        sex=profile.pop("sex", "female"), placement_type=profile.pop("placement_type", "childrens_home"),
        vulnerabilities=profile.pop("vulnerabilities", ["asthma"]),
        exploitation_indicators=profile.pop("exploitation_indicators", []), phones=[],
        social_media=[], addresses=[], **profile,
    ))
    session.flush()
    return row


def episode(session, *, child_row, team_row, status="open", grade="medium",
            last_seen=LEEDS_CENTRE, reported_at=None) -> Episode:
    reported_at = reported_at or datetime.now(UTC) - timedelta(hours=2)
    row = Episode(reference=f"E{_n():07d}", child_id=child_row.id, team_id=team_row.id,
                  status=status, reported_at=reported_at, reported_by_name="Carer",
                  last_seen_at=reported_at - timedelta(hours=1), last_seen_geom=to_db(last_seen),
                  last_seen_description="Outside the home", risk_grade=grade,
                  next_review_due=reported_at + timedelta(hours=4),
                  found_at=reported_at + timedelta(hours=5) if status != "open" else None)
    session.add(row)
    session.flush()
    return row


def risk_assessment(session, *, episode_row, assessor, grade="medium") -> RiskAssessment:
    now = datetime.now(UTC)
    row = RiskAssessment(episode_id=episode_row.id, grade=grade, factors={"cse_concern": "yes"},
                         sources={"cse_concern": "carer"}, rationale="Known CSE concern",
                         assessor_id=assessor.id, assessed_at=now,
                         next_review_due=now + timedelta(hours=4))
    session.add(row)
    session.flush()
    return row


def sighting(session, *, episode_row, by=None, where=LEEDS_CENTRE) -> Sighting:
    row = Sighting(client_id=uuid.uuid4(), episode_id=episode_row.id,
                   observed_at=datetime.now(UTC), geom=to_db(where), accuracy_m=15,
                   source="officer", confidence="medium", description="Seen near bus stop",
                   recorded_by_id=by.id if by else None)
    session.add(row)
    session.flush()
    return row


def place(session, *, child_row, where=LEEDS_CENTRE, kind="friend_address") -> Place:
    row = Place(child_id=child_row.id, geom=to_db(where), kind=kind, name="Friend's flat",
                source="philomena")
    session.add(row)
    session.flush()
    return row


def task(session, *, episode_row, by, where=LEEDS_CENTRE, assignee=None) -> Task:
    row = Task(episode_id=episode_row.id, team_id=episode_row.team_id, kind="address_check",
               title="Check friend's flat", geom=to_db(where), priority="high",
               status="assigned" if assignee else "unassigned",
               assignee_user_id=assignee.id if assignee else None, created_by_id=by.id)
    session.add(row)
    session.flush()
    return row


def escalation(session, *, episode_row, by, organisation_row) -> Escalation:
    """A carer's open escalation of the episode's grading."""
    row = Escalation(episode_id=episode_row.id, child_id=episode_row.child_id,
                     team_id=episode_row.team_id, organisation_id=organisation_row.id,
                     direction="carer_to_police", subject="risk_grade", status="open",
                     level="duty_inspector", reason="Graded too low", raised_by_id=by.id,
                     raised_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def world(session) -> SimpleNamespace:
    """Two teams with every role, one child, episode, place, sighting and task in each."""
    w = SimpleNamespace()
    w.team_a = team(session, code="LDS", name="Leeds LOCATE", area=LEEDS)
    w.team_b = team(session, code="BFD", name="Bradford LOCATE", area=BRADFORD)
    w.org_a = organisation(session, team_row=w.team_a, name="Oak House", location=LEEDS_CENTRE)
    w.org_b = organisation(session, team_row=w.team_b, name="Elm House", location=BRADFORD_CENTRE)
    for suffix, team_row in (("a", w.team_a), ("b", w.team_b)):
        for role in ("constable", "sergeant", "inspector"):
            setattr(w, f"{role}_{suffix}", user(session, role=role, team_row=team_row,
                                               username=f"{role}_{suffix}"))
    w.coordinator = user(session, role="coordinator", username="coordinator")
    w.admin = user(session, role="admin", username="admin")
    w.partner_a = user(session, role="partner", organisation_row=w.org_a, username="partner_a")
    w.partner_b = user(session, role="partner", organisation_row=w.org_b, username="partner_b")
    w.child_a = child(session, team_row=w.team_a, organisation_row=w.org_a, first_name="Jade")
    w.child_b = child(session, team_row=w.team_b, organisation_row=w.org_b, first_name="Kyle",
                      sex="male")
    w.episode_a = episode(session, child_row=w.child_a, team_row=w.team_a)
    w.episode_b = episode(session, child_row=w.child_b, team_row=w.team_b,
                          last_seen=BRADFORD_CENTRE)
    w.place_a = place(session, child_row=w.child_a)
    w.place_b = place(session, child_row=w.child_b, where=BRADFORD_CENTRE)
    w.sighting_a = sighting(session, episode_row=w.episode_a, by=w.constable_a)
    w.sighting_b = sighting(session, episode_row=w.episode_b, by=w.constable_b,
                            where=BRADFORD_CENTRE)
    w.task_a = task(session, episode_row=w.episode_a, by=w.sergeant_a, assignee=w.constable_a)
    w.task_b = task(session, episode_row=w.episode_b, by=w.sergeant_b, where=BRADFORD_CENTRE,
                    assignee=w.constable_b)
    w.escalation_a = escalation(session, episode_row=w.episode_a, by=w.partner_a,
                                organisation_row=w.org_a)
    w.escalation_b = escalation(session, episode_row=w.episode_b, by=w.partner_b,
                                organisation_row=w.org_b)
    return w
