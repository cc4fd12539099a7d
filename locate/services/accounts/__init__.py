"""People and their access: users, teams, sessions, push subscriptions."""
