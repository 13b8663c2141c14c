"""Demo data for members: the FOKUSS forum of Kecamatan Sokaraja, its 18 real villages with their
official codes, and fictional people with history back to 2017; two neighbouring forums of the same
kabupaten (Kembaran 33.02.20, Sumbang 33.02.21: real kecamatan and village names and codes,
fictional people) and a kabupaten account that reads all three side by side."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile

from .models import (
    BoardPosition,
    Consent,
    FacilitatorAssignment,
    Forum,
    KabupatenStaff,
    KecamatanStaff,
    SecretaryTenure,
    User,
    Village,
)
from .services import regions_import_csv

DEMO_PASSWORD = "fokuss2017"  # nosec B105  # published password of the fictional demo accounts
# Demo accounts that must use a second factor (board, camat office, admin) share this TOTP secret:
# add it to an authenticator app by hand (README) to sign in as them.
DEMO_TOTP_SECRET = "FOKUSSDEMOKUNCIRAHASIAUJICOBAAAA"  # nosec B105  # published secret of the demo accounts

DEMO_FORUM_SHORT_NAME = "FOKUSS"
VILLAGES_CSV = Path(__file__).resolve().parent / "data" / "villages_sokaraja.csv"
# Kembaran and Sumbang (Kabupaten Banyumas): names and codes as in the Kemendagri area codes
# (checked against a public adm4 mapping that agrees with shared/domain/villages.csv on all of
# Sokaraja's 18 codes; verify against Kepmendagri 100.1.1-6117/2022 before real use).
NEIGHBOURS_CSV = Path(__file__).resolve().parent / "data" / "villages_kembaran_sumbang.csv"
DEMO_LOGO = Path(__file__).resolve().parent / "data" / "demo-logo.svg"
D = datetime.date

DEMO_ACCOUNTS = [
    ("Sekdes (Kalikidang)", "sekdes@fokuss.test"),
    ("Sekdes (Wiradadi)", "sekdes2@fokuss.test"),
    ("Pengurus: Ketua", "ketua@fokuss.test"),
    ("Kantor camat (Kasi Pemdes)", "camat@fokuss.test"),
    ("Pendamping desa", "pendamping@fokuss.test"),
    ("Kabupaten (Dinas PMD)", "kabupaten@fokuss.test"),
    ("Pengurus FOSKEM Kembaran", "ketua.kembaran@fokuss.test"),
    ("Pengurus FKSD Sumbang", "ketua.sumbang@fokuss.test"),
    ("Admin situs", "admin@fokuss.test"),
]

# (village name, secretary, email local part, status, started_on, whatsapp)
SECRETARIES = [
    ("Kalikidang", "Sri Wahyuni", "sekdes", "definitif", D(2014, 3, 1), "+6281227110001"),
    ("Wiradadi", "Yuliana Kartikasari", "sekdes2", "definitif", D(2016, 8, 15), "+6281227110002"),
    ("Karangkedawung", "Heru Santoso", "heru.santoso", "definitif", D(2012, 2, 1), "+6281227110003"),
    ("Sokaraja Tengah", "Bambang Sutrisno", "ketua", "definitif", D(2010, 6, 1), "+6281227110004"),
    ("Sokaraja Kidul", "Endang Purwaningsih", "endang.p", "definitif", D(2015, 1, 5), "+6281227110005"),
    ("Banjarsari Kidul", "Tri Wibowo", "tri.wibowo", "plt", D(2025, 9, 1), "+6281227110007"),
    ("Sokaraja Wetan", "Nur Hidayati", "nur.hidayati", "definitif", D(2013, 4, 1), "+6281227110008"),
    ("Jompo Kulon", "Slamet Riyadi", "slamet.riyadi", "definitif", D(2011, 11, 1), "+6281227110009"),
    ("Banjaranyar", "Siti Rohmah", "siti.rohmah", "definitif", D(2017, 2, 1), "+6281227110010"),
    ("Lemberang", "Wahyu Setiawan", "wahyu.setiawan", "definitif", D(2016, 3, 1), "+6281227110011"),
    ("Karangduren", "Ratna Sari Dewi", "ratna.dewi", "pj", D(2026, 2, 1), "+6281227110012"),
    ("Sokaraja Lor", "Joko Susilo", "joko.susilo", "definitif", D(2012, 9, 1), "+6281227110013"),
    ("Kedondong", "Lestari Handayani", "lestari.h", "definitif", D(2018, 1, 2), "+6281227110014"),
    ("Pamijen", "Agung Nugroho", "agung.nugroho", "definitif", D(2014, 7, 1), "+6281227110015"),
    ("Sokaraja Kulon", "Puji Astuti", "puji.astuti", "definitif", D(2015, 10, 1), "+6281227110016"),
    ("Karangnanas", "Darmanto", "darmanto", "plt", D(2026, 5, 1), "+6281227110017"),
    ("Karangrau", "Eko Prasetyo", "eko.prasetyo", "definitif", D(2013, 1, 2), "+6281227110018"),
]


def _user(email: str, full_name: str, whatsapp: str = "", **extra) -> User:
    user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, whatsapp=whatsapp, **extra)
    return user


def seed(*, today: datetime.date, log: Callable[[str], None]) -> Forum:
    regions_import_csv(text=VILLAGES_CSV.read_text(encoding="utf-8"))
    villages = {v.name: v for v in Village.objects.filter(code__startswith="33.02.19.")}
    district = next(iter(villages.values())).district
    forum = Forum.objects.create(
        district=district,
        name="Forum Komunikasi Sekretaris Desa",
        short_name=DEMO_FORUM_SHORT_NAME,
        founded_on=D(2017, 1, 19),
        address="Sekretariat: Kantor Kecamatan Sokaraja, Jl. Jenderal Soedirman, Sokaraja, Banyumas 53181",
        email="fokuss.sokaraja@fokuss.test",
        letterhead="FORUM KOMUNIKASI SEKRETARIS DESA (FOKUSS)\nKECAMATAN SOKARAJA KABUPATEN BANYUMAS\n"
        "Sekretariat: Kantor Kecamatan Sokaraja, Jl. Jenderal Soedirman, Sokaraja 53181",
    )
    forum.logo.save("fokuss-demo-logo.svg", ContentFile(DEMO_LOGO.read_bytes()), save=True)
    log(f"- forum {forum}, {len(villages)} desa")

    people: dict[str, User] = {}
    for village_name, name, local, status, started, wa in SECRETARIES:
        people[local] = user = _user(f"{local}@fokuss.test", name, wa)
        SecretaryTenure.objects.create(
            user=user, village=villages[village_name], status=status, started_on=started,
            decree_number=f"141/{started.year}/{villages[village_name].code[-4:]}", decree_date=started,
        )

    # Klahang: the long-serving secretary retired mid-2019; her successor served as Plt, then
    # was made definitif.
    old = _user("suparman@fokuss.test", "Suparman", "+6281227110020", is_active=False)
    SecretaryTenure.objects.create(user=old, village=villages["Klahang"], status="definitif",
                                   started_on=D(2009, 5, 1), ended_on=D(2019, 6, 30), end_reason="pensiun",
                                   decree_number="141/2009/2006", decree_date=D(2009, 4, 20))
    new = people["rina.marlina"] = _user("rina.marlina@fokuss.test", "Rina Marlina", "+6281227110006")
    SecretaryTenure.objects.create(user=new, village=villages["Klahang"], status="plt", started_on=D(2019, 7, 1),
                                   ended_on=D(2020, 2, 29), end_reason="definitif")
    SecretaryTenure.objects.create(user=new, village=villages["Klahang"], status="definitif",
                                   started_on=D(2020, 3, 1), decree_number="141/2020/2006", decree_date=D(2020, 2, 24))
    # Earlier secretaries of the villages that have an acting one now.
    for village_name, name, local, start, end, reason in [
        ("Banjarsari Kidul", "Sugeng Haryanto", "sugeng.h", D(2008, 1, 2), D(2025, 8, 31), "pensiun"),
        ("Karangduren", "Mulyono", "mulyono", D(2012, 3, 1), D(2026, 1, 31), "mutasi"),
        ("Karangnanas", "Wartini", "wartini", D(2016, 6, 1), D(2026, 4, 30), "berhenti"),
    ]:
        former = _user(f"{local}@fokuss.test", name, is_active=False)
        SecretaryTenure.objects.create(user=former, village=villages[village_name], status="definitif",
                                       started_on=start, ended_on=end, end_reason=reason)

    # Board (kepengurusan) per period since the founding on 19 January 2017.
    periods = [
        (D(2017, 1, 19), D(2020, 1, 18), {"ketua": "heru.santoso", "wakil_ketua": "slamet.riyadi",
                                         "sekretaris": "ketua", "bendahara": "endang.p"}),
        (D(2020, 1, 19), D(2023, 1, 18), {"ketua": "ketua", "wakil_ketua": "heru.santoso",
                                         "sekretaris": "sekdes", "bendahara": "endang.p"}),
        (D(2023, 1, 19), D(2027, 1, 18), {"ketua": "ketua", "wakil_ketua": "joko.susilo",
                                         "sekretaris": "nur.hidayati", "bendahara": "puji.astuti"}),
    ]
    for start, end, posts in periods:
        for position, local in posts.items():
            BoardPosition.objects.create(forum=forum, user=people[local], position=position,
                                         period_start=start, period_end=end)
    BoardPosition.objects.create(forum=forum, user=people["wahyu.setiawan"], position="koordinator",
                                 field="Teknologi Informasi", period_start=D(2023, 1, 19), period_end=D(2027, 1, 18))
    BoardPosition.objects.create(forum=forum, user=people["agung.nugroho"], position="koordinator",
                                 field="Keuangan Desa", period_start=D(2023, 1, 19), period_end=D(2027, 1, 18))

    camat = _user("camat@fokuss.test", "Agus Prasetyo, S.IP.", "+6281227110030")
    KecamatanStaff.objects.create(user=camat, district=district, position="kasi_pemdes", started_on=D(2021, 1, 4))
    pendamping = _user("pendamping@fokuss.test", "Dewi Lestari, S.E.", "+6281227110031")
    for name in ["Kalikidang", "Wiradadi", "Klahang", "Banjarsari Kidul", "Karangnanas", "Karangduren"]:
        FacilitatorAssignment.objects.create(user=pendamping, village=villages[name], role="pld",
                                             started_on=D(2022, 3, 1))
    seed_neighbours(today=today, log=log)
    User.objects.create_superuser(email="admin@fokuss.test", password=DEMO_PASSWORD, full_name="Admin Portal")
    # Demo people are long-standing members: their numbers stay visible to the forum (as the
    # migration keeps it for existing accounts), and they agreed to WhatsApp reminders
    # (UU 27/2022: no WhatsApp without consent).
    User.objects.update(whatsapp_visibility="forum")
    Consent.objects.bulk_create([Consent(person=u, purpose=Consent.Purpose.WHATSAPP, given=True, source="data contoh")
                                 for u in User.objects.exclude(whatsapp="")])
    with_totp = _give_demo_totp(today=today)
    log(f"- {User.objects.count()} akun, {SecretaryTenure.objects.count()} masa jabatan, "
        f"{with_totp} dengan verifikasi dua langkah")
    return forum


# (kecamatan code, short name, fictional first names for the secretaries)
NEIGHBOURS = [
    ("33.02.20", "FOSKEM", "kembaran", ["Ahmad", "Budi", "Cahyani", "Dwi", "Evi", "Fajar", "Gita", "Hadi",
                                         "Indah", "Joko", "Kurniasih", "Lukman", "Maryati", "Nanang", "Oktaviani",
                                         "Parman"]),
    ("33.02.21", "FKSD", "sumbang", ["Rahmat", "Sutarni", "Taufik", "Umi", "Veri", "Warsini", "Yanto", "Zulaikha",
                                      "Anisa", "Bayu", "Citra", "Darsono", "Erna", "Fitri", "Gunawan", "Hartini",
                                      "Imam", "Juwita"]),
]


def seed_neighbours(*, today: datetime.date, log: Callable[[str], None]) -> list[Forum]:
    """Two more forums of Kabupaten Banyumas, each with its villages (one left vacant), fictional
    secretaries and a ketua; and the kabupaten account (Dinas PMD) over the regency."""
    regions_import_csv(text=NEIGHBOURS_CSV.read_text(encoding="utf-8"))
    forums = []
    for code, short, slug, names in NEIGHBOURS:
        villages = list(Village.objects.filter(district__code=code).select_related("district").order_by("code"))
        district = villages[0].district
        forum = Forum.objects.create(
            district=district, name="Forum Komunikasi Sekretaris Desa", short_name=short, founded_on=D(2019, 3, 1),
            address=f"Sekretariat: Kantor Kecamatan {district.name}, Banyumas", email=f"{slug}@fokuss.test",
            letterhead=f"FORUM KOMUNIKASI SEKRETARIS DESA ({short})\nKECAMATAN {district.name.upper()} "
                       "KABUPATEN BANYUMAS")
        ketua = None
        for i, (village, first) in enumerate(zip(villages[:-1], names, strict=False)):  # the last one: vacant
            local = f"ketua.{slug}" if i == 0 else f"{first.lower()}.{slug}"
            user = _user(f"{local}@fokuss.test", f"{first} {district.name}", f"+62812271{20 + len(forums)}{i:04d}")
            SecretaryTenure.objects.create(user=user, village=village, started_on=D(2012 + i % 10, 1 + i % 12, 1),
                                           status="plt" if i % 7 == 6 else "definitif")
            ketua = ketua or user
        BoardPosition.objects.create(forum=forum, user=ketua, position="ketua", period_start=D(2023, 3, 1),
                                     period_end=D(2027, 2, 28))
        forums.append(forum)
        log(f"- forum {forum}, {len(villages)} desa")
    staff = _user("kabupaten@fokuss.test", "Hendra Wijaya, S.STP.", "+6281227110040")
    KabupatenStaff.objects.create(user=staff, regency=forums[0].district.regency, position="kabid",
                                  started_on=D(2024, 1, 2))
    return forums


def _give_demo_totp(*, today: datetime.date) -> int:
    """Every active demo account that must use a second factor (the one rule:
    Actor.needs_mfa) gets a TOTP authenticator with DEMO_TOTP_SECRET."""
    from allauth.mfa.totp.internal.auth import TOTP

    from .selectors import actor_for

    count = 0
    for user in User.objects.filter(is_active=True):
        if actor_for(user, today=today).needs_mfa:
            TOTP.activate(user, DEMO_TOTP_SECRET)
            count += 1
    return count
