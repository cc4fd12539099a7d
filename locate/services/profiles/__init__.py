"""The child's Philomena profile (Part 1): the child, profile versions, photos, associates,
places."""
