"""Officers on duty: going on and off duty, reporting positions, and the nearest to a place."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from geoalchemy2 import Geography
from shapely.geometry import Point
from sqlalchemy import cast, func, select
from sqlalchemy.dialects.postgresql import insert

from ... import geo
from ...access import officer_audience, require
from ...domain.clock import check_acted_at
from ...domain.errors import Invalid
from ...live import events
from ...models import DutyChange, PositionFix, User

# A fix older than this is not a position: the officer may be anywhere by now.
STALE_FIX_SECONDS = 30 * 60
_SKEW = timedelta(minutes=5)  # phones whose clocks run a little fast


def _position_payload(user: User, lon: float | None, lat: float | None) -> dict:
    return {"user_id": user.id, "display_name": user.display_name,
            "collar_number": user.collar_number, "on_duty": user.on_duty,
            "position": geo.point(lon, lat) if lon is not None else None,
            "accuracy_m": user.position_accuracy_m,
            "position_at": user.position_at.isoformat() if user.position_at else None}


def set_on_duty(session, *, actor: User, on_duty: bool, acted_at: datetime | None = None,
                client_id: uuid.UUID | None = None) -> User:
    """Go on or off duty; going off forgets the live position (officers are not tracked off
    duty). Each change is kept with when the officer made it (`acted_at`, a phone's tap that
    may be sent long after) and when it was received; a resent client_id changes nothing."""
    require(actor, "position.report")
    if client_id is not None and session.execute(select(DutyChange.id).where(
            DutyChange.client_id == client_id)).first() is not None:
        session.commit()
        return actor
    now = datetime.now(UTC)
    if acted_at is None:
        acted_at = now
    else:
        previous = session.execute(select(func.max(DutyChange.acted_at)).where(
            DutyChange.user_id == actor.id)).scalar()
        check_acted_at(acted_at, now=now, not_before=previous,
                       before_what="your previous change of duty")
    session.add(DutyChange(client_id=client_id, user_id=actor.id, on_duty=on_duty,
                           acted_at=acted_at, received_at=now))
    actor.on_duty = on_duty
    if not on_duty:
        actor.position = None
        actor.position_accuracy_m = None
        actor.position_at = None
    events.record(session, type="officer.duty", actor_id=actor.id, team_id=actor.team_id,
                  audience=officer_audience(actor),
                  payload={**_position_payload(actor, None, None),
                           "acted_at": acted_at.isoformat(), "received_at": now.isoformat()})
    session.commit()
    return actor


def report_position(session, *, actor: User, client_id: uuid.UUID, lon: float, lat: float,
                    accuracy_m: float | None, recorded_at: datetime,
                    battery_pct: int | None = None) -> bool:
    """Store one fix (a resend of the same client id is ignored). True when it was new."""
    return report_positions(session, actor=actor, fixes=[{
        "client_id": client_id, "lon": lon, "lat": lat, "accuracy_m": accuracy_m,
        "recorded_at": recorded_at, "battery_pct": battery_pct}]) == 1


def report_positions(session, *, actor: User, fixes: list[dict]) -> int:
    """Store fixes sent together (a phone back from a dead spot sends its trail at once);
    resent client ids are ignored. The live position moves to the newest fix if it is newer
    than the one held, with one event however many fixes came. Returns how many were new."""
    require(actor, "position.report")
    if not actor.on_duty:
        raise Invalid("You are off duty: positions are only recorded on duty.")
    latest = datetime.now(UTC).replace(microsecond=0) + _SKEW
    if any(fix["recorded_at"] > latest for fix in fixes):
        raise Invalid("A fix is timed in the future; check the phone's clock.")
    rows = [{"client_id": fix["client_id"], "user_id": actor.id,
             "geom": geo.to_db(Point(fix["lon"], fix["lat"])), "accuracy_m": fix["accuracy_m"],
             "recorded_at": fix["recorded_at"], "battery_pct": fix.get("battery_pct")}
            for fix in fixes]
    inserted = session.execute(
        insert(PositionFix).values(rows)
        .on_conflict_do_nothing(index_elements=["client_id"]).returning(PositionFix.client_id)
    ).scalars().all()
    new = {str(client_id) for client_id in inserted}
    fresh = [fix for fix in fixes if str(fix["client_id"]) in new]
    newest = max(fresh, key=lambda fix: fix["recorded_at"], default=None)
    if newest and (actor.position_at is None or newest["recorded_at"] > actor.position_at):
        actor.position = geo.to_db(Point(newest["lon"], newest["lat"]))
        actor.position_accuracy_m = newest["accuracy_m"]
        actor.position_at = newest["recorded_at"]
        events.record(session, type="officer.position", actor_id=actor.id,
                      audience=officer_audience(actor),
                      team_id=actor.team_id,
                      payload=_position_payload(actor, newest["lon"], newest["lat"]))
    session.commit()
    return len(new)


def nearest_on_duty(session, *, actor: User, lon: float, lat: float, team_id: int | None,
                    limit: int = 5) -> list[dict]:
    """On-duty officers with a recent fix, nearest first: the GiST index orders by <->, then
    metres are measured on the spheroid for the few rows returned."""
    require(actor, "task.assign")
    target = func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326)
    now = func.now()
    fix_age = func.extract("epoch", now - User.position_at)
    stmt = (
        select(User.id, User.display_name, User.collar_number, User.team_id,
               User.position_accuracy_m,
               func.ST_X(User.position), func.ST_Y(User.position),
               func.ST_Distance(cast(User.position, Geography), cast(target, Geography)),
               fix_age)
        .where(User.on_duty.is_(True), User.active.is_(True), User.position.isnot(None),
               User.role.in_(("constable", "sergeant")),
               fix_age < STALE_FIX_SECONDS)
        .order_by(User.position.op("<->")(target))
        .limit(limit)
    )
    if team_id is not None:
        stmt = stmt.where(User.team_id == team_id)
    rows = session.execute(stmt).all()
    session.commit()
    return [
        {"user_id": r[0], "display_name": r[1], "collar_number": r[2], "team_id": r[3],
         "accuracy_m": r[4], "position": geo.point(r[5], r[6]),
         "distance_m": round(r[7], 1), "fix_age_s": int(r[8])}
        for r in rows
    ]
