"""Query schemas shared by the coordinator's desk endpoints (/api/analysis/...)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from ..domain.age_bands import AGE_BANDS
from .common import AwareDateTime, Float, Integer, TextSchema


class DeskQuery(TextSchema):
    """The filter every analysis takes; the default is the last year, every team and age."""

    since = AwareDateTime(metadata={"description": "episodes reported at or after (default: a "
                                                   "year before 'until')"})
    until = AwareDateTime(metadata={"description": "episodes reported before (default: now)"})
    team_id = Integer(validate=validate.Range(min=1, max=2**31 - 1))
    age_band = fields.String(validate=validate.OneOf(list(AGE_BANDS)),
                             metadata={"description": ", ".join(AGE_BANDS)})

    @validates_schema
    def check_range(self, data, **kwargs):
        if "since" in data and "until" in data and data["since"] >= data["until"]:
            raise ValidationError("'since' must be before 'until'.", "since")


class HotspotQuery(DeskQuery):
    cell_m = Integer(load_default=500, validate=validate.Range(min=100, max=5000),
                            metadata={"description": "grid cell side in metres (100-5000)"})
    min_children = Integer(load_default=2, validate=validate.Range(min=1, max=100),
                                  metadata={"description": "fewest different children a hot "
                                                           "spot must hold (default 2)"})


class NetworkQuery(DeskQuery):
    together_hours = Float(load_default=2.0, allow_nan=False,
                                  validate=validate.Range(min=0.25, max=72),
                                  metadata={"description": "hours within which two reports, "
                                                           "finds or sightings count as together"})
    together_m = Integer(load_default=500, validate=validate.Range(min=10, max=5000),
                                metadata={"description": "metres within which they count as "
                                                         "together"})
    min_links = Integer(load_default=1, validate=validate.Range(min=1, max=100),
                        metadata={"description": "fewest links a pair of children must have "
                                                 "to be in the network (default 1)"})


class ExportIn(DeskQuery):
    """One export: which view, which format, and the view's filter (as on the page). A JSON
    body, so numbers must be numbers."""

    values_are_text = False

    analysis = fields.String(required=True, validate=validate.OneOf(
        ["hotspots", "network", "placements", "disproportionality"]))
    format = fields.String(required=True, validate=validate.OneOf(["csv", "geojson",
                                                                   "graphml"]))
    team_id = Integer(validate=validate.Range(min=1, max=2**31 - 1))
    cell_m = Integer(validate=validate.Range(min=100, max=5000))
    min_children = Integer(validate=validate.Range(min=1, max=100))
    together_hours = Float(allow_nan=False, validate=validate.Range(min=0.25, max=72))
    together_m = Integer(validate=validate.Range(min=10, max=5000))
    min_links = Integer(validate=validate.Range(min=1, max=100))
