from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import NewsletterRecipientsView, can_see_recipients


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "newsletter-recipients/",
            NewsletterRecipientsView.as_view(),
            name="accounts_newsletter_recipients",
        )
    ]


class RecipientsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_see_recipients(request.user)


@hooks.register("register_settings_menu_item")
def register_recipients_menu_item():
    return RecipientsMenuItem(
        _("Newsletter recipients"),
        reverse("accounts_newsletter_recipients"),
        name="newsletter-recipients",
        icon_name="mail",
        order=900,
    )
