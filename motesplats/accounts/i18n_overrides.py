"""Messages from django-allauth whose Swedish we correct in our own catalogue.

Listed here so that `makemessages` keeps them in motesplats/locale; Django prefers our
catalogue over allauth's. The login page's original Swedish said the opposite of the
English ("already have an account? log in"), and "Epost" is spelled "e-post".
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign "
        "up%(end_link)s first."
    ),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Email"),
    gettext_noop("Email address"),
]
