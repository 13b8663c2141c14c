from tests.access import ALL_A, BOARD, Case, forum_a_object, members_only, roles
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
    "switch_language": Case(method="post", data={"language": "en", "next": "/"}, expect={r: 302 for r in ROLES}),
    "admin:index": Case(expect={r: 302 for r in ROLES}, note="no demo role is staff; admin login redirect"),
    # members
    "members:dashboard": Case(expect=members_only()),
    "members:directory": Case(expect=members_only()),
    "members:invite": Case(expect=roles(403, pengurus=200, other_forum=200)),
    "members:village_detail": [
        Case(kwargs=lambda w: {"code": w.a1.code}, expect=forum_a_object(allowed=ALL_A)),
        Case(kwargs=lambda w: {"code": w.b1.code}, expect={**roles(404), "other_forum": 200}),
    ],
    "members:village_replace_secretary": Case(kwargs=lambda w: {"code": w.a1.code}, expect=forum_a_object(allowed=BOARD)),
    "members:invitation_accept": [
        Case(kwargs=lambda w: {"token": w.invitation.token}, expect=PUBLIC),
        Case(kwargs={"token": "tidak-ada"}, expect={r: 404 for r in ROLES}),
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
}
