"""API documentation page served from the platform's own static files (vendored Swagger UI, see
``api/static/api/swagger-ui/PROVENANCE.md``): no CDN, no inline script, so it works offline and under the CSP."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    template = "api/docs.html"
    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        config = dict(self.settings, url=openapi_url)
        # Inside <script type="application/json">: escape "<" so no value can close the element.
        settings_json = json.dumps(config).replace("<", "\\u003c")
        context = {"api": api, "openapi_url": escape(openapi_url), "swagger_settings": settings_json}
        return render(request, self.template, context)
