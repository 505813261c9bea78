"""Newsletter recipients in the Wagtail admin: the members whose latest answer to the
newsletter consent is yes, for the national editors who send it."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from motesplats.core.audit import log_action
from motesplats.core.spreadsheet import csv_safe

from .consents import NEWSLETTER
from .selectors import newsletter_recipients

PERMISSION = "accounts.view_consentrecord"


def can_see_recipients(user) -> bool:
    return bool(user.is_active and user.has_perm(PERMISSION))


class NewsletterRecipientsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/newsletter_recipients.html"
    page_title = gettext_lazy("Newsletter recipients")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_recipients(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self._csv()
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recipients = newsletter_recipients()
        context["page"] = Paginator(recipients, 100).get_page(self.request.GET.get("p"))
        context["purpose"] = NEWSLETTER
        return context

    def _csv(self) -> HttpResponse:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([_("E-mail"), _("Name"), _("Language"), _("Consent given")])
        count = 0
        for user in newsletter_recipients():
            writer.writerow(
                [
                    csv_safe(user.email),
                    csv_safe(user.display_name or user.get_full_name()),
                    user.preferred_language,
                    timezone.localtime(user.consent_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
            count += 1
        # Who took the list, and how long, is on record: it is personal data leaving us.
        log_action(
            action="accounts.newsletter_recipients.exported",
            actor=self.request.user,
            data={"rows": count},
        )
        response = HttpResponse(
            "\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8"
        )
        name = f"nyhetsbrev-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
