"""The staff directory's domain: who works at which office, in which roles (no framework)."""
