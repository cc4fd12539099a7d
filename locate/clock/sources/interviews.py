"""Return home interviews referred at closing and not recorded within RHI_DUE_HOURS of the
child being found (services/interviews/timing.py holds the query, domain/rhi_timing.py the
rule)."""

from __future__ import annotations

from ...services.interviews.timing import due_alerts
from . import Source

SOURCE = Source(name="interviews", kinds=frozenset({"rhi_overdue"}), find=due_alerts)
