from fokuss import ical
from tests.access import BOARD, Case, forum_a_object, members_only, roles
from tests.world import ROLES

PUBLIC = {role: 200 for role in ROLES}


def setup(world):
    from members.services import user_invite

    world.invitation = user_invite(forum=world.forum_a, email="baru@contoh.test", full_name="Orang Baru",
                                   invited_by=world.users["pengurus"])


_authenticated_redirect = {**{r: 302 for r in ROLES}, "anonymous": 200}

CASES = {
    # project-level
    "healthz": Case(expect=PUBLIC),
    "web_manifest": Case(expect=PUBLIC),
    "service_worker": Case(expect=PUBLIC),
    "offline": Case(expect=PUBLIC),
    "switch_language": Case(method="post", data={"language": "en", "next": "/"}, expect={r: 302 for r in ROLES}),
    "admin:index": Case(expect={r: 302 for r in ROLES}, note="no demo role is staff; admin login redirect"),
    # members
    "members:dashboard": Case(expect=members_only()),
    "members:directory": Case(expect=members_only()),
    "members:invite": Case(expect=roles(403, pengurus=200, other_forum=200)),
    # the village page (/desa/<code>/) is reports:village_profile: tests/reports/matrix.py
    "members:village_replace_secretary": Case(kwargs=lambda w: {"code": w.a1.code}, expect=forum_a_object(allowed=BOARD)),
    "members:invitation_accept": [
        Case(kwargs=lambda w: {"token": w.invitation.token}, expect=PUBLIC),
        Case(kwargs={"token": "tidak-ada"}, expect={r: 404 for r in ROLES}),
    ],
    "members:calendar_feed": [
        Case(kwargs=lambda w: {"token": ical.token_for(w.users["sekdes_a"].pk)}, expect=PUBLIC,
             note="signed token instead of a login"),
        Case(kwargs=lambda w: {"token": "1:forged"}, expect={r: 404 for r in ROLES}),
    ],
    "members:profile": Case(expect=members_only()),
    "members:switch_forum": Case(method="post", data={"forum": "1"}, expect=roles(302)),
    # notifications (bell)
    "notifications:inbox": Case(expect=members_only()),
    "notifications:mark_read": Case(method="post", expect=roles(302)),
    # allauth
    "account_login": Case(expect=_authenticated_redirect),
    "account_logout": Case(expect=roles(200, anonymous=302)),
    "account_signup": Case(expect=_authenticated_redirect, note="sign-up closed page for anonymous"),
    "account_reset_password": Case(expect=PUBLIC),
    "account_reset_password_done": Case(expect=PUBLIC),
    "account_change_password": Case(expect=roles(200)),
    "account_set_password": Case(expect=roles(302)),
    "account_email": Case(expect=roles(200)),
    "account_inactive": Case(expect=PUBLIC),
    "account_email_verification_sent": Case(expect=PUBLIC),
    "account_reauthenticate": Case(expect=roles(200)),
    "account_reset_password_from_key_done": Case(expect=PUBLIC),
    "account_confirm_login_code": Case(expect={**{r: 302 for r in ROLES}}, note="no pending code: back to login"),
    "account_confirm_email": Case(kwargs={"key": "tidak-ada"}, expect=PUBLIC),
    "account_reset_password_from_key": Case(kwargs={"uidb36": "zz", "key": "tidak-ada"}, expect=PUBLIC),
    # allauth.mfa (second factor). force_login sessions have no recent password entry, so pages that
    # change authenticators first ask for the password again (302 to account_reauthenticate).
    "mfa_index": Case(expect=roles(200)),
    "mfa_activate_totp": Case(expect=roles(302), note="reauthenticate first; with TOTP: to deactivate"),
    "mfa_deactivate_totp": Case(expect=roles(404, pengurus=302, camat=302, other_forum=302, kabupaten=302),
                                note="only who has TOTP; reauthenticate first"),
    "mfa_authenticate": Case(expect=roles(302), note="no pending sign-in: back to login or dashboard"),
    "mfa_reauthenticate": Case(expect=roles(302, pengurus=200, camat=200, other_forum=200, kabupaten=200),
                               note="only who has a second factor; the others re-enter the password"),
    "mfa_view_recovery_codes": Case(expect=roles(404), note="world users have TOTP without recovery codes"),
    "mfa_generate_recovery_codes": Case(expect=roles(302), note="reauthenticate first"),
    "mfa_download_recovery_codes": Case(expect=roles(404)),
}
