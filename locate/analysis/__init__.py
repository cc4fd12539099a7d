"""The coordinator's desk: queries and use cases over children's missing histories.

One child (child_history: timeline, map, time patterns, flags), "check these first" for an
episode (ranking, with one click to tasks), loading a force's history (history_import) and
proving the ranking on it (backtest); across children: hot spots, the network of children who
go missing together, placements, disproportionality and audited exports. The rules these apply
are pure, in locate/domain/ (ranking, rings, pattern_flags, time_patterns, hotspot_stats).
"""
