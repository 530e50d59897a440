import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from yhteiso.core.languages import RESPONDENT_LANGUAGES
from yhteiso.core.permissions import PROGRAMME_STAFF, ensure_role_groups
from yhteiso.surveys import services
from yhteiso.surveys.demo import DEMO_TITLE


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import Group

    ensure_role_groups()
    user = get_user_model().objects.create_user("staff", password="pw-123456-x")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


@pytest.fixture
def instruments(db):
    return {i.key: i for i in services.instrument_sync()}


@pytest.fixture
def survey(db, instruments, staff):
    """A published survey with every shipped instrument in every respondent language."""
    s = services.survey_create(actor=staff, title=DEMO_TITLE, languages=list(RESPONDENT_LANGUAGES),
                               instruments=list(instruments.values()))
    return services.survey_publish(survey=s, actor=staff)
