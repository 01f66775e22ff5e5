"""``/api/docs``: Swagger UI served from this site, under the same strict CSP as every page.

The assets (Swagger UI 5, which reads OpenAPI 3.1) come from the ``fastapi-offline``
package, installed like any dependency, so the page works offline; the page starts them
with ``/static/api-docs.js``, never with inline script.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/api/docs"
ASSETS_URL = "/static/swagger-ui"

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tarjima API</title>
<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="/api/openapi.json"></div>
<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


def add_api_docs(app: FastAPI) -> None:
    """Serve Swagger UI's assets and the documentation page (before the ``/static``
    mount, which would otherwise answer for the assets' paths)."""
    assets = files("fastapi_offline") / "static"
    app.mount(ASSETS_URL, StaticFiles(directory=str(assets)), name="swagger-ui")

    @app.get(DOCS_URL, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(PAGE)
