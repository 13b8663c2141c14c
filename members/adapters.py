from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: the board or an admin invites people."""

    def is_open_for_signup(self, request) -> bool:
        return False


class FokussMFAAdapter(DefaultMFAAdapter):
    """No switching off the second factor for people who must have it
    (fokuss.policy.Actor.needs_mfa)."""

    def can_delete_authenticator(self, authenticator) -> bool:
        from .selectors import actor_for

        if authenticator.type == authenticator.Type.TOTP and actor_for(authenticator.user).needs_mfa:
            return False
        return super().can_delete_authenticator(authenticator)
