"""The dissimilarity index D reads the same wherever people see it (issue 13): the area page said "36,8 %" while
the impact assessment and its agenda said "0,368". One presentation (yhteiso.core.formatting.dissimilarity) on
the area page and the assessment page (the agenda: test_impact_area_d); the API keeps the bare number."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from yhteiso.core.formatting import dissimilarity
from yhteiso.governance.tests.test_impact import _create
from yhteiso.governance.tests.test_impact_area_d import _expected_d, major  # noqa: F401 - a fixture
from yhteiso.knowledge.tests.conftest import hierarchy  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_area_page_and_the_assessment_write_d_the_same_way(major, client, staff, member_user):  # noqa: F811
    assessment = _create(staff, [major])
    client.force_login(member_user)
    for lang in ("fi", "sv"):
        client.cookies["yhteiso_language"] = lang
        shown = dissimilarity(_expected_d(), language=lang)
        assert shown == f"{_expected_d():.3f}".replace(".", ",")
        area = _text(client.get(reverse("knowledge:area-profile", args=[major.code])).content.decode())
        page = _text(client.get(reverse("governance:assessment-detail", args=[assessment.pk])).content.decode())
        percent = f"{100 * _expected_d():.1f}".replace(".", ",") + "\u00a0%"
        assert shown in area and percent not in area, lang
        assert shown in page and percent not in page, lang
    data = client.get(f"/api/v1/impact-assessments/{assessment.pk}").json()
    assert data["areas"][0]["segregation_within"][0]["value"] == pytest.approx(_expected_d(), rel=1e-9)

