"""Tarjima worker: the Celery app, its tasks and the translation engines."""
