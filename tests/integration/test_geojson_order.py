"""FeatureCollections keep the order their query asks for, built in PostGIS."""

from __future__ import annotations

import json

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


def test_a_page_reports_its_total_and_ids_even_past_the_end(session, world):
    for _ in range(7):
        factories.sighting(session, episode_row=world.episode_a)
    total = session.execute(sa.select(sa.func.count()).select_from(Sighting)).scalar_one()
    order = (Sighting.id.desc(),)
    stmt = sa.select(Sighting.id)
    pages = [geojson.page_text(session, stmt, geom=Sighting.geom, id_col=Sighting.id,
                               props={}, order=order, page=n, per_page=3) for n in (1, 2, 99)]
    assert [p.total for p in pages] == [total] * 3
    first = json.loads(pages[0].text)
    assert [f["id"] for f in first["features"]] == pages[0].ids
    assert (first["page"], first["per_page"], first["total"]) == (1, 3, total)
    assert pages[0].ids == sorted(pages[0].ids, reverse=True) and len(pages[0].ids) == 3
    assert max(pages[1].ids) < min(pages[0].ids)
    assert pages[2].ids == [] and json.loads(pages[2].text)["features"] == []
