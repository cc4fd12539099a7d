"""The search on the ground: tasks and their steps, sightings and their photos, officers on
duty and where they are."""
