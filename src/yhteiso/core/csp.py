"""Content Security Policy header on every response (policy in ``settings.YHTEISO_CSP``): scripts only from the
platform's own static files, nothing framed, forms only to the platform itself."""

from __future__ import annotations

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.YHTEISO_CSP

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
