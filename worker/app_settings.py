"""The Settings a Celery app was configured with (``create_celery`` stores them in its
configuration; the module-level ``app`` reads them from the environment on first use)."""

from __future__ import annotations

from celery import Celery

from publisher.core.config import Settings, get_settings


def settings_of(celery: Celery) -> Settings:
    """The Settings an app was configured with."""
    settings = celery.conf.get("tarjima_settings")
    if not isinstance(settings, Settings):
        settings = get_settings()
        celery.conf.update(tarjima_settings=settings)
    return settings
