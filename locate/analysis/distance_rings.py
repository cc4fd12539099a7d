"""Distance rings around where an episode's child was last seen, as GeoJSON with the table's
source, for the map and the child's page (the table: the force's own, else Grampian)."""

from __future__ import annotations

import json

from sqlalchemy import text

from .. import audit
from ..access import get_episode, require
from ..domain.rings import rings
from ..models import User
from .distance_tables import distance_table

# Circles drawn as 64-sided polygons in metres on the ground (geography buffer).
RINGS_SQL = text("""
SELECT ST_AsGeoJSON(ST_Buffer(last_seen_geom::geography, :radius, 16)::geometry, 6)
FROM episodes WHERE id = :episode
""")


def for_episode(session, *, actor: User, episode_id: int) -> dict:
    """A FeatureCollection: one ring per table point, largest first, with the table's source."""
    require(actor, "ranking.view")
    episode = get_episode(session, actor, episode_id)
    table = distance_table(session)
    features = []
    for ring in reversed(rings(table)):
        shape = session.execute(RINGS_SQL, {"radius": ring.radius_m,
                                            "episode": episode.id}).scalar()
        features.append({"type": "Feature", "geometry": json.loads(shape),
                         "properties": {"radius_m": ring.radius_m, "share": ring.share,
                                        "label": ring.label}})
    audit.record(session, user=actor, action="view", entity="distance_rings",
                 entity_id=episode.id, child_id=episode.child_id)
    session.commit()
    return {"type": "FeatureCollection", "features": features,
            "properties": {"episode_id": episode.id, "source": table.source,
                           "age_band": table.age_band}}
