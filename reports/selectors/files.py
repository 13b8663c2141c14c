"""Report PDFs made in the background (reports.models.ReportFile): the newest one a person asked
for, and fetching one for download (only the person who asked, while they may still read it)."""

from __future__ import annotations

from django.http import Http404

from fokuss import policy

from ..models import ReportFile
from ..rollup import rollup_forum_ids, scope_key


def report_file_latest(*, kind: str, user, key: str, forum=None, actor=None) -> ReportFile | None:
    """The newest file of this kind and period the user asked for: for the roll-up over the forums
    the actor reads now, for a capacity draft of ``forum``. One query."""
    files = ReportFile.objects.filter(kind=kind, requested_by=user, key=key)
    if kind == ReportFile.Kind.KABUPATEN:
        files = files.filter(scope=scope_key(rollup_forum_ids(actor)))
    else:
        files = files.filter(forum=forum)
    return files.order_by("-requested_at", "-pk").first()


def report_file_for(actor, *, user, pk: int, forum) -> ReportFile:
    """A finished file of the user for download. First the role: a roll-up needs the kabupaten
    roll-up, a capacity draft the reports of the current forum (403 otherwise). Then the file:
    another person's, one of another forum or made while the actor read other forums, or one not
    ready, is 404."""
    found = ReportFile.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    kabupaten = found.kind == ReportFile.Kind.KABUPATEN
    policy.require(actor, "kabupaten.rollup" if kabupaten else "report.download", forum)
    mine = found.requested_by_id == user.pk and (
        found.scope == scope_key(rollup_forum_ids(actor)) if kabupaten else found.forum_id == forum.pk)
    if not mine or not found.is_ready:
        raise Http404
    return found
