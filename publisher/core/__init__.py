"""The pure core: articles, ingest, segment, protect, localize, assemble, QA rules,
glossary matching, settings and the locale registry. No SQLAlchemy, no Celery, no I/O
at import."""
