from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from yhteiso.api.urls import api
from yhteiso.core import health, metrics

admin.site.site_header = "Yhteisö"


def _superusers_only(request):
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("kirjaudu/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("ohjelma/", include("yhteiso.programme.urls")),
    path("ohjausryhma/", include("yhteiso.governance.urls")),
    path("tietopohja/", include("yhteiso.knowledge.urls")),
    path("alueet/", include("yhteiso.areas.urls")),
    path("kyselyt/", include("yhteiso.surveys.urls")),
    path("karttakyselyt/", include("yhteiso.mapsurveys.urls")),
    path("osallistuva-budjetointi/", include("yhteiso.budgeting.urls")),
    path("raportit/", include("yhteiso.reports.urls")),
    path("", include("yhteiso.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
