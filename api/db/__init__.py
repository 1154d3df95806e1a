"""The plan store: an async SQLAlchemy engine, alembic migrations, one session per request.

Decisions
---------
* **Plain SQLAlchemy 2.x async, not advanced-alchemy.** advanced-alchemy's Litestar
  plugin would give us an engine, a session per request and a generic repository,
  but brings its own base classes (UUID primary keys, its own audit columns), its own
  migration commands and ``create_all`` switches. We need only an engine with SQLite
  pragmas on every connection, one session dependency and a handful of statements, so
  :mod:`api.db.engine` (≈100 lines) and :mod:`api.db.session` do it in the open, with
  types mypy checks.
* **One URL for both dialects.** ``IMPACT_DATABASE_URL`` is ``sqlite+aiosqlite:///…``
  (the default, a file in the working directory) or ``postgresql+asyncpg://…``. Queries
  are written once; the only dialect branches are the SQLite connection set-up, the
  PostgreSQL advisory lock around migrations and the choice of ``INSERT … ON CONFLICT DO
  NOTHING`` construct for seeds.
* **Migrations, never ``create_all``.** Alembic revisions live in
  ``api/db/migrations/versions``; they run at start-up (in the app's lifespan, before it
  serves) and with ``make migrate``. See :mod:`api.db.migrate`.
"""
