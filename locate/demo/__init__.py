"""Synthetic demo force: deterministic by seed, scalable from a small city to a national year."""
