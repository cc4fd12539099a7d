"""The live feed: the one emitter (events.py) and what it carries (event_schemas.py), the
socket (realtime.py, realtime_sessions.py) and Web Push (push.py)."""
