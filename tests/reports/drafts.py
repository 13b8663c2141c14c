"""The capacity report's draft PDF as a user gets it: asked for on the page, made by the
background task, then the report's .pdf address leads to the stored file."""

from reports import services
from reports.models import ReportFile


def capacity_draft_pdf(client, key: str) -> bytes:
    """Needs the ``media`` fixture. The task's body runs here (the test's transaction never
    commits, so nothing is enqueued)."""
    assert client.post(f"/laporan/kapasitas/{key}/draf/").status_code == 302
    draft = ReportFile.objects.filter(kind=ReportFile.Kind.KAPASITAS, key=key).latest("pk")
    services.report_file_render(file_id=draft.pk)
    response = client.get(f"/laporan/kapasitas/{key}.pdf")
    assert response.status_code == 302, response.status_code
    stored = client.get(response["Location"])
    assert stored.status_code == 200 and stored["Content-Type"] == "application/pdf"
    return b"".join(stored.streaming_content)
