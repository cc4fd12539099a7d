"""Escalations: a carer's challenge to a police risk decision (during an episode or after),
police concern about a placement, each with its own timeline, audited. raising.py, deciding.py
and reading.py are the use cases; timing.py is what the review clock calls (locate/clock/)."""
