import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in the source language (English)."""
    with translation.override("en"):
        yield
