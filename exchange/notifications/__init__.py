"""In-app notifications: what happened to a user's items, in their own language."""
