"""The front door: who is signed in (auth.py, passwords.py), how often they may try
(sign_in_limits.py), what the edge refuses before any route (edge.py), what the browser may
cache (cache_policy.py) and which database role the app runs as (database_roles.py)."""
