"""Use cases: one function each, keyword-only arguments, one commit, events recorded."""
