"""The test provider's claims: like Microsoft Entra ID, the ID token carries the user's group ids in ``groups``."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class GroupsClaimValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes into the ID token, whatever the scopes

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": f"{user.username}@espoo.example",
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
