"""Return home interviews: what the child said after coming back (recording.py), and the chase
of a referred interview that is late (timing.py, called by the review clock)."""
