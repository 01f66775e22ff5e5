"""The web application: reader pages, editors' and translators' screens, and the JSON API."""

from publisher.web.app import create_app

__all__ = ["create_app"]
