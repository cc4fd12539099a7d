"""A sighting's photo: sent by the phone after the sighting itself, cleaned like a child's
photo, attached once. A resend of the same photo (the answer was lost on a poor signal) is
answered with the sighting and stores nothing."""

from __future__ import annotations

import hashlib

from flask import current_app
from sqlalchemy import select

from ... import audit
from ...access import episode_audience, episodes_scope, require
from ...domain.errors import Conflict, Forbidden, NotFound
from ...live import events
from ...models import Episode, Photo, Sighting, User
from ..profiles.photos import clean_image
from .sightings import sighting_feature


def attach(session, *, actor: User, sighting_id: int, data: bytes) -> tuple[dict, bool]:
    """Attach the photo to a sighting the actor recorded; (feature, created)."""
    require(actor, "sighting.create")
    # Locked: two sends of the photo racing each other must not both attach one.
    row = session.execute(
        select(Sighting, Episode.child_id, Episode.team_id)
        .join(Episode, Episode.id == Sighting.episode_id)
        .where(Sighting.id == sighting_id, episodes_scope(actor))
        .with_for_update(of=Sighting)).one_or_none()
    if row is None:
        raise NotFound(f"No sighting {sighting_id} that you can see.")
    sighting, child_id, team_id = row
    if sighting.recorded_by_id != actor.id:
        # A photo is evidence of what the recorder saw: only they can add it.
        raise Forbidden("Only the person who recorded this sighting can add its photo.")
    jpeg, width, height = clean_image(data, max_bytes=current_app.config["PHOTO_MAX_BYTES"])
    digest = hashlib.sha256(jpeg).hexdigest()
    if sighting.photo_id is not None:
        if session.get(Photo, sighting.photo_id).sha256 != digest:
            raise Conflict("This sighting already has a different photo.")
        session.commit()
        return sighting_feature(session, sighting.id), False
    photo = Photo(content_type="image/jpeg", data=jpeg, width=width, height=height,
                  sha256=digest, uploaded_by_id=actor.id)
    session.add(photo)
    session.flush()
    sighting.photo_id = photo.id
    session.flush()
    feature = sighting_feature(session, sighting.id)
    events.record(session, type="sighting.updated", payload=feature, team_id=team_id,
                  audience=episode_audience(session, session.get(Episode, sighting.episode_id),
                                            "sighting"),
                  episode_id=sighting.episode_id, actor_id=actor.id)
    audit.record(session, user=actor, action="update", entity="sighting", entity_id=sighting.id,
                 child_id=child_id, photo_id=str(photo.id))
    session.commit()
    return feature, True
