"""API documentation page served from the platform's own static files (vendored Swagger UI, see
``api/static/api/swagger-ui/PROVENANCE.md``): no CDN, no inline script, so it works offline and under the CSP."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    template = "api/docs.html"
    settings = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        config = dict(self.settings, url=openapi_url)
        # A data attribute of <body> (the template escapes it): no <script> element without src.
        context = {"api": api, "openapi_url": openapi_url, "swagger_settings": json.dumps(config)}
        return render(request, self.template, context)
