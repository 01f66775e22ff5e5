"""Storage: SQLAlchemy models, engine/session set-up, Alembic migrations and the repository.

Callers use :mod:`publisher.db.repository` (functions taking a keyword-only session and
returning value objects) and :class:`publisher.db.session.Database`; ORM rows stay inside.
"""
