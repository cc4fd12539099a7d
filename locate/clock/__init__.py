"""The review clock: what fell due is found, raised once, told and audited.

- sources/: one small module per kind of lapse (a review overdue, a high grade not
  acknowledged, ...). Each reads its candidates and asks a pure rule in domain/ which Alerts
  are due at `now`.
- fire.py: inserts each alert by its unique key (ON CONFLICT DO NOTHING) and, only for the
  rows it really inserted, records the event alert.raised (live to the team's supervisors,
  Web Push to those it names) and an audit row, in the same transaction.
- tick.py: one pass, under a PostgreSQL advisory lock so that several clock processes take
  turns; the unique key is the guarantee even without the lock.
- scheduler.py: APScheduler's interval job that calls the tick (`flask --app app clock`).
"""
