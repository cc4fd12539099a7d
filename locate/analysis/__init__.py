"""The coordinator's desk: analyses across episodes and children (queries and services)."""
