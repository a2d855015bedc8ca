"""Search: keeps the index in step with the database and serves the search page."""
