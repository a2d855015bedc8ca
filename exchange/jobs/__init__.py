"""Background jobs: durable rows in the database, delivered by huey to the worker."""
