import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Stored files (report PDFs, issued documents) in a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path
