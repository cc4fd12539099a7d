"""Pure rules on plain values and Shapely shapes: no Flask, no database."""
