"""The one API, /api/v1/, assembled from each app's own router (each app owns its api.py)."""

from ninja import NinjaAPI

from yhteiso import __version__
from yhteiso.api.docs import LocalSwagger
from yhteiso.api.errors import FiniteJSONRenderer, install
from yhteiso.areas.api import router as areas_router
from yhteiso.budgeting.api import router as budgeting_router
from yhteiso.governance.api import router as governance_router
from yhteiso.knowledge.api import router as knowledge_router
from yhteiso.mapsurveys.api import router as mapsurveys_router
from yhteiso.programme.api import router as programme_router
from yhteiso.programme.api_progress import router as programme_progress_router
from yhteiso.reports.api import router as reports_router
from yhteiso.reports.api_narrative import router as reports_narrative_router
from yhteiso.surveys.api import router as surveys_router

api = NinjaAPI(
    title="Yhteisö API",
    version=__version__,
    description="Open data and programme information of the Communal Espoo development programme. "
    "Reads are public unless stated; writes need programme-staff authentication (session with CSRF token).",
    urls_namespace="api",
    docs=LocalSwagger(),
    renderer=FiniteJSONRenderer(),
)
install(api)

def _mount() -> None:
    for router in (
        programme_router, governance_router, areas_router, knowledge_router,
        surveys_router, mapsurveys_router, budgeting_router, reports_router,
        programme_progress_router, reports_narrative_router,
    ):
        api.add_router("", router)


_mount()
