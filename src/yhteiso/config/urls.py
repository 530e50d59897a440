from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from yhteiso.api.urls import api
from yhteiso.core import health, metrics, signin

admin.site.site_header = "Yhteisö"


def _superusers_only(request):
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

handler400 = "yhteiso.core.errors.bad_request"
handler403 = "yhteiso.core.errors.permission_denied"
handler404 = "yhteiso.core.errors.page_not_found"
handler500 = "yhteiso.core.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("kirjaudu/", signin.SignInView.as_view(), name="login"),
    path("kirjaudu/kaupunki/", signin.OIDCStartView.as_view(), name="oidc-start"),
    path("kirjaudu/kaupunki/paluu/", signin.OIDCCallbackView.as_view(), name="oidc-callback"),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("ohjelma/", include("yhteiso.programme.urls")),
    path("ohjausryhma/", include("yhteiso.governance.urls")),
    path("tietopohja/koulut/", include("yhteiso.schools.urls")),
    path("tietopohja/", include("yhteiso.knowledge.urls")),
    path("alueet/", include("yhteiso.areas.urls")),
    path("kyselyt/", include("yhteiso.surveys.urls")),
    path("karttakyselyt/", include("yhteiso.mapsurveys.urls")),
    path("osallistuva-budjetointi/", include("yhteiso.budgeting.urls")),
    path("mita-teimme/", include("yhteiso.respondents.urls")),
    path("raportit/", include("yhteiso.reports.urls")),
    path("taustatyot/", include("yhteiso.jobs.urls")),
    path("ilmoitukset/", include("yhteiso.notices.urls")),
    path("", include("yhteiso.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
