import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from members.middleware import DownloadAuditMiddleware
from members.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("content_type, logged", [("application/pdf", True), ("text/html; charset=utf-8", False)])
def test_downloads_are_logged(world, content_type, logged):
    request = RequestFactory().get("/kegiatan/1/notulen.pdf")
    request.user = world.users["camat"]
    middleware = DownloadAuditMiddleware(lambda r: HttpResponse(b"%PDF", content_type=content_type))
    middleware(request)
    rows = list(AccessLog.objects.filter(action="download"))
    assert bool(rows) is logged
    if logged:
        assert rows[0].user == world.users["camat"] and rows[0].path == "/kegiatan/1/notulen.pdf"
