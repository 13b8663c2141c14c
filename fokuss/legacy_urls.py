"""Old addresses that moved, redirected to their new place (bookmarks, e-mails and WhatsApp
reminders already sent, calendar subscriptions).

The village obligations lived under /laporan/ while they were part of the reports app; they now
live under /kewajiban/. /laporan/ itself keeps the capacity report (/laporan/kapasitas/).
GET and HEAD get a 301; other methods a 308, which keeps the method and the body (a form
posted from a page opened before the move still arrives).
"""

from __future__ import annotations

from django.http import HttpResponsePermanentRedirect
from django.urls import re_path, reverse

# old first segment under /laporan/ -> new first segment under the obligations' prefix
OBLIGATION_PATHS = {
    "tenggat": "tenggat",
    "penyampaian": "penyampaian",
    "matriks": "matriks",
    "belum-kirim": "belum-kirim",
    "ingatkan": "ingatkan",
    "ketepatan-waktu": "ketepatan-waktu",
    "kalender": "kalender",
    "kewajiban": "daftar",
    "pelantikan": "pelantikan",
}


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


def obligations_moved(request, old: str = "", rest: str = ""):
    target = reverse("obligations:my_deadlines")
    if old:
        target += f"{OBLIGATION_PATHS[old]}/{rest}"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(target)
    return HttpResponsePermanentRedirectKeepMethod(target)


_old = "|".join(OBLIGATION_PATHS)
urlpatterns = [
    re_path(r"^laporan/$", obligations_moved),
    re_path(rf"^laporan/(?P<old>{_old})/(?P<rest>.*)$", obligations_moved),
]
