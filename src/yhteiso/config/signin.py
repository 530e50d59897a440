"""Settings for signing in: OpenID Connect (the city's accounts, e.g. Microsoft Entra ID) and login throttling.

Pure helpers read by ``settings.py``; they refuse bad values with a message naming the variable."""

from __future__ import annotations

from yhteiso.config.env import ConfigurationError

# The platform's roles a provider group may map to (see yhteiso.core.permissions).
OIDC_ROLES = ("steering_group", "programme_staff", "communications_planner", "administrator")


def parse_group_roles(name: str, value: str) -> dict[str, tuple[str, ...]]:
    """``"GROUP=ROLE,GROUP=ROLE"`` → ``{GROUP: (ROLE, …)}``. A group may be given several times for several roles.

    >>> parse_group_roles("X", "a1=steering_group, b2=programme_staff,b2=administrator")
    {'a1': ('steering_group',), 'b2': ('programme_staff', 'administrator')}
    """
    mapping: dict[str, tuple[str, ...]] = {}
    for raw in value.split(","):
        item = raw.strip()
        if not item:
            continue
        group, sep, role = item.rpartition("=")
        group, role = group.strip(), role.strip()
        if not sep or not group:
            raise ConfigurationError(f"{name}: {item!r} is not GROUP=ROLE.")
        if role not in OIDC_ROLES:
            raise ConfigurationError(
                f"{name}: unknown role {role!r} for group {group!r}; use one of {', '.join(OIDC_ROLES)}."
            )
        if role not in mapping.get(group, ()):
            mapping[group] = (*mapping.get(group, ()), role)
    return mapping


def oidc_endpoints(issuer: str, explicit: dict[str, str], *, client_id: str = "", secret: str = "") -> dict[str, str]:
    """The provider's endpoints: explicit ones win; the rest are found by discovery at first use (empty here).

    With a client id, a secret and either an issuer or the endpoints are required."""
    issuer = issuer.rstrip("/")
    if client_id and not secret:
        raise ConfigurationError("YHTEISO_OIDC_CLIENT_SECRET (or YHTEISO_OIDC_CLIENT_SECRET_FILE) is required when "
                                 "YHTEISO_OIDC_CLIENT_ID is set.")
    if client_id and not issuer and not any(explicit.values()):
        raise ConfigurationError("YHTEISO_OIDC_CLIENT_ID is set: set YHTEISO_OIDC_ISSUER too (or every endpoint).")
    if not issuer:
        missing = [key.replace("OIDC_OP_", "YHTEISO_OIDC_").replace("_USER_", "_USERINFO_")
                   for key, value in explicit.items() if not value]
        if missing and any(explicit.values()):
            raise ConfigurationError(
                "OpenID Connect: set YHTEISO_OIDC_ISSUER (discovery) or every endpoint; missing " + ", ".join(missing)
            )
    return dict(explicit)
