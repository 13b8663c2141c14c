"""A small world with every role, used by the access matrix and by view tests.

forum_a (Sokaraja, real codes) has villages a1, a2, a3; forum_b (another kecamatan) has b1.
Roles: sekdes_a (a1), sekdes_b (a2), pengurus (ketua of forum_a, sekdes of a3), camat (kasi
pemdes of forum_a's kecamatan), pendamping (assigned to a1 only), other_forum (ketua of forum_b
and sekdes of b1), kabupaten (staff of Dinas PMD Banyumas: the regency of both kecamatan, so it
reads forum_a and forum_b side by side). Forum B's rows carry the marker MARKER ("ZZFORUMB") in their
names, so that the access matrix can check that no page of forum A shows any of them.
pengurus, camat, kabupaten and other_forum have a TOTP authenticator (the factories give one
to board and camat office: they must sign in with a second factor; secret tests.factories.TOTP_SECRET).
Apps hang their own objects on the world in their matrix setup()."""

from __future__ import annotations

from types import SimpleNamespace

from tests import factories as f

MARKER = "ZZFORUMB"  # in the names of forum B's rows; never on a page answered to forum A's roles
ROLES = ["anonymous", "sekdes_a", "sekdes_b", "pengurus", "camat", "pendamping", "other_forum", "kabupaten"]


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    district_a = f.DistrictFactory(code="33.02.19", name="Sokaraja")
    district_b = f.DistrictFactory(code="33.02.20", name="Kembaran")
    w.forum_a = f.ForumFactory(district=district_a, short_name="FOKUSS")
    w.forum_b = f.ForumFactory(district=district_b, short_name="FOSKEM", name=f"Forum Sekdes Kembaran {MARKER}",
                               letterhead=f"FORUM SEKDES KEMBARAN {MARKER}")
    w.a1 = f.VillageFactory(district=district_a, code="33.02.19.2001", name="Kalikidang")
    w.a2 = f.VillageFactory(district=district_a, code="33.02.19.2002", name="Wiradadi")
    w.a3 = f.VillageFactory(district=district_a, code="33.02.19.2004", name="Sokaraja Tengah")
    w.b1 = f.VillageFactory(district=district_b, code="33.02.20.2001", name=f"Ledug {MARKER}")
    w.users = {}
    w.users["sekdes_a"] = f.TenureFactory(village=w.a1, user__full_name="Sri Uji Wahyuni").user
    w.users["sekdes_b"] = f.TenureFactory(village=w.a2, user__full_name="Yuli Uji Kartika").user
    w.users["pengurus"] = f.TenureFactory(village=w.a3, user__full_name="Bambang Uji Ketua").user
    f.BoardPositionFactory(forum=w.forum_a, user=w.users["pengurus"])
    w.users["camat"] = f.KecamatanStaffFactory(district=district_a, user__full_name="Agus Uji Camat").user
    w.users["pendamping"] = f.FacilitatorFactory(village=w.a1, user__full_name="Dewi Uji Pendamping").user
    w.users["other_forum"] = f.TenureFactory(village=w.b1, user__full_name=f"Lain Uji Forum {MARKER}").user
    f.BoardPositionFactory(forum=w.forum_b, user=w.users["other_forum"])
    w.users["kabupaten"] = f.KabupatenStaffFactory(regency=district_a.regency,
                                                   user__full_name="Rina Uji Kabupaten").user
    assert district_b.regency_id == district_a.regency_id  # the roll-up reads both forums
    w.users["anonymous"] = None
    return w
