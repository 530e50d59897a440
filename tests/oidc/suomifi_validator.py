"""The test provider's validator in the Suomi.fi style (see ``suomifi_provider``); loaded only in the provider
process."""

import os
from pathlib import Path

import jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc.suomifi_provider import PEOPLE

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class SuomifiStyleValidator(OAuth2Validator):
    oidc_claim_scope = None

    def get_additional_claims(self, request):  # the ID token: level of assurance and names
        given, family, _code, _municipality, acr = PEOPLE[request.user.username]
        return {"acr": acr, "given_name": given, "family_name": family}

    def get_userinfo_claims(self, request):  # the person's data, server to server
        claims = super().get_userinfo_claims(request)
        _given, _family, code, municipality, _acr = PEOPLE[request.user.username]
        if code:
            claims["urn:oid:1.2.246.21"] = code
            claims["urn:oid:1.2.246.517.2002.2.6"] = municipality
        return claims

    def authenticate_client(self, request, *args, **kwargs):
        """``private_key_jwt``: the assertion must be signed by the client's registered key, name the client as
        issuer and subject, and be addressed to this token endpoint."""
        if getattr(request, "client_assertion_type", None) != JWT_BEARER:
            return super().authenticate_client(request, *args, **kwargs)
        public_key = Path(os.environ["OIDC_TEST_CLIENT_KEY_FILE"]).read_text(encoding="utf-8")
        try:
            claims = jwt.decode(request.client_assertion, public_key, algorithms=["RS256"],
                                audience=os.environ["OIDC_TEST_ISSUER"] + "/token/",
                                options={"require": ["exp", "iat", "iss", "sub", "aud"]})
        except jwt.PyJWTError:
            return False
        if claims["iss"] != claims["sub"] or self._load_application(claims["iss"], request) is None:
            return False
        request.client_id = claims["iss"]
        return True
