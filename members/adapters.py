from allauth.account.adapter import DefaultAccountAdapter


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: the board or an admin invites people."""

    def is_open_for_signup(self, request) -> bool:
        return False
