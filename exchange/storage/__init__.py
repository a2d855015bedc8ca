"""Where uploaded files live: attachments (by SHA-256) and import files awaiting their
confirmation. A folder on the embedded profile; the database on the server profile, so
that every host serves every file (docs/operations.md)."""
