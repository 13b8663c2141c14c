"""factory-boy factories for the members app; other apps keep theirs in tests/<app>/factories.py."""

import datetime

import factory

from members.models import (
    BoardPosition,
    Consent,
    District,
    FacilitatorAssignment,
    Forum,
    KabupatenStaff,
    KecamatanStaff,
    Province,
    Regency,
    SecretaryTenure,
    User,
    Village,
)

PASSWORD = "rahasia-uji-123"
# Base32 TOTP secret of every test user given a second factor (compute codes with totp_code()).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user, secret: str = TOTP_SECRET):
    """Give a user a TOTP authenticator (allauth.mfa), as board and camat office must have."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def totp_code(secret: str = TOTP_SECRET, *, step: int = 0) -> str:
    """The current TOTP code for a secret (``step`` periods ahead or behind)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2] + step))


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "33"
    name = "Jawa Tengah"


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    code = "33.02"
    name = "Banyumas"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    regency = factory.SubFactory(RegencyFactory)
    code = factory.Sequence(lambda n: f"33.02.{(n % 80) + 20:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan Uji {n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["code"]

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}.{2001 + n % 7000}")
    name = factory.Sequence(lambda n: f"Desa Uji {n}")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    district = factory.SubFactory(DistrictFactory)
    short_name = factory.Sequence(lambda n: f"FORUM{n}")
    founded_on = datetime.date(2017, 1, 19)
    letterhead = "FORUM KOMUNIKASI SEKRETARIS DESA\nKECAMATAN UJI"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"orang{n}@contoh.test")
    full_name = factory.Sequence(lambda n: f"Orang Fiktif {n}")
    whatsapp = factory.Sequence(lambda n: f"+62812270{n:05d}")
    # Test people behave like accounts from before the privacy settings: number visible to the
    # forum, WhatsApp reminders agreed (UserFactory(whatsapp_consent=False) for one who did not).
    whatsapp_visibility = "forum"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def whatsapp_consent(obj, create, extracted, **kwargs):
        if create and extracted is not False and obj.whatsapp:
            Consent.objects.create(person=obj, purpose=Consent.Purpose.WHATSAPP, given=True, source="tes")


class TenureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecretaryTenure

    user = factory.SubFactory(UserFactory)
    village = factory.SubFactory(VillageFactory)
    status = SecretaryTenure.Status.DEFINITIF
    started_on = datetime.date(2018, 1, 2)


class BoardPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPosition
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    user = factory.SubFactory(UserFactory)
    position = BoardPosition.Position.KETUA
    period_start = datetime.date(2023, 1, 19)
    period_end = datetime.date(2099, 1, 18)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """Board members must have TOTP (fokuss.policy.Actor.needs_mfa); ``mfa=False`` leaves it out."""
        if create and extracted is not False:
            give_totp(obj.user)


class KecamatanStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KecamatanStaff
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)
    position = KecamatanStaff.Position.KASI_PEMDES
    started_on = datetime.date(2020, 1, 1)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """The camat office must have TOTP; ``mfa=False`` leaves it out."""
        if create and extracted is not False:
            give_totp(obj.user)


class KabupatenStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KabupatenStaff
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    regency = factory.SubFactory(RegencyFactory)
    position = KabupatenStaff.Position.STAF
    started_on = datetime.date(2020, 1, 1)

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        """Kabupaten staff must have TOTP; ``mfa=False`` leaves it out."""
        if create and extracted is not False:
            give_totp(obj.user)


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilitatorAssignment

    user = factory.SubFactory(UserFactory)
    village = factory.SubFactory(VillageFactory)
    started_on = datetime.date(2020, 1, 1)
