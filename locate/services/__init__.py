"""Use cases: one function each, keyword-only arguments, one commit, events recorded.

Grouped by concept, one package each: profiles/ (the child's Part 1), casework/ (the episode
as a case), fieldwork/ (tasks, sightings, officers), accounts/ (users, teams, sessions). At
this level: feed.py (catch-up on the live feed), overview.py (the landing list) and geojson.py
(features built in SQL, shared by all)."""
