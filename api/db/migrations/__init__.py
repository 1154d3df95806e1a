"""Alembic environment and revisions of the plan store (run by :mod:`api.db.migrate`)."""
