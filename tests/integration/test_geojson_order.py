"""FeatureCollections keep the order their query asks for, built in PostGIS."""

from __future__ import annotations

import sqlalchemy as sa

from locate.models import Sighting
from locate.services import geojson
from tests import factories


def test_features_follow_the_query_order(session, world):
    # Ids ascend with insertion; ask for them descending so that insertion order is wrong.
    for _ in range(30):
        factories.sighting(session, episode_row=world.episode_a)
    stmt = sa.select().select_from(Sighting).order_by(Sighting.id.desc()).limit(25)
    collection = geojson.feature_collection(session, stmt, geom=Sighting.geom,
                                            id_col=Sighting.id, props={"n": Sighting.id})
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == 25
    assert ids == sorted(ids, reverse=True)


def test_empty_collection_is_a_list(session, world):
    stmt = sa.select().select_from(Sighting).where(Sighting.id < 0).order_by(Sighting.id)
    collection = geojson.feature_collection(session, stmt, geom=Sighting.geom,
                                            id_col=Sighting.id, props={})
    assert collection == {"type": "FeatureCollection", "features": []}
