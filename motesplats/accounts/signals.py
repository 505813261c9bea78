"""Receivers for allauth's signals. They touch the session only, never the database."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator


def record_mfa_on_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Count a just-activated TOTP as this session's second factor.

    Activation needs a valid code, so the person has just proved they hold the
    authenticator; asking again at /admin/ would reject that same code as already used.
    """
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type
        )
        # allauth sends this signal on commit, which may come after the session
        # middleware has saved the session for this response.
        request.session.save()
