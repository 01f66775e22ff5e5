"""The pure core of the pipeline, importing no SQLAlchemy, no Celery and doing no I/O.

Articles, ingest, segment, protect, localize, assemble, QA rules, glossary matching,
settings and the locale registry.
"""
