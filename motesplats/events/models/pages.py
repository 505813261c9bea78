"""Events as pages: the event itself (below its node) and the events listing.

An event is translated like every page (a Swedish and an English page). Records that
belong to the event (ticket types, sessions, registrations) point at its page in the
default language, the *canonical* event, so both languages share one programme and
one set of places.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable
from wagtail.search import index

from motesplats.core.blocks import BodyBlock
from motesplats.core.models import BasePage, HtmxPartialMixin
from motesplats.events.enums import (
    EventFormat,
    EventKind,
    EventLanguage,
    RegistrationMode,
)
from motesplats.nodes.selectors import node_for_page


class EventPage(BasePage):
    """A meeting arena: a summit, webinar, network or coalition meeting, conversation."""

    kind = models.CharField(_("kind of event"), max_length=20, choices=EventKind)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat, default=EventFormat.ON_SITE
    )
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    languages = models.CharField(
        _("languages spoken"),
        max_length=8,
        choices=EventLanguage,
        default=EventLanguage.SV,
    )
    node = models.ForeignKey(
        "nodes.Node",
        verbose_name=_("organising node"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="event_pages",
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", verbose_name=_("themes"), blank=True
    )
    yearly_theme = models.CharField(
        _("the year's theme"),
        max_length=200,
        blank=True,
        help_text=_("For a summit: the theme of this edition."),
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"),
        null=True,
        blank=True,
        help_text=_("For a recurring event such as the summit: its number (1, 2 …)."),
    )
    coalition = models.ForeignKey(
        "actors.Coalition",
        verbose_name=_("coalition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_pages",
        help_text=_("For a coalition meeting: the coalition that meets."),
    )
    # Where
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    county = models.ForeignKey(
        "taxonomy.Region",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_(
            "Step-free access, hearing loop, interpretation, quiet room, toilets …"
        ),
    )
    map_url = models.URLField(_("map link"), blank=True)
    online_url = models.URLField(
        _("stream or meeting link"),
        blank=True,
        help_text=_("Shown only to registered participants, and mailed before start."),
    )
    # Registration
    registration_mode = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationMode,
        default=RegistrationMode.OPEN,
    )
    capacity = models.PositiveIntegerField(
        _("places for the whole event"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the ticket types limit the places."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True
    )
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a place from the waiting list"), default=48
    )
    # Past events: how many came (archived editions have no registrations here).
    attendance = models.PositiveIntegerField(
        _("participants (for the archive)"),
        null=True,
        blank=True,
        help_text=_("Filled in after the event when registrations were not kept here."),
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("languages"),
                FieldPanel("themes"),
                FieldPanel("yearly_theme"),
                FieldPanel("edition"),
                FieldPanel("coalition"),
            ],
            heading=_("When and what"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("city"),
                FieldPanel("county"),
                FieldPanel("map_url"),
                FieldPanel("accessibility"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        InlinePanel("co_organisers", label=_("Co-organisers")),
        MultiFieldPanel(
            [
                FieldPanel("registration_mode"),
                FieldPanel("capacity"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("waiting_list"),
                FieldPanel("offer_hours"),
                HelpPanel(
                    content=_(
                        "Ticket types, registration questions, rooms, tracks and "
                        "sessions are edited under “Programme and tickets” in the "
                        "menu; participants and check-in under “Events”."
                    )
                ),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("attendance"),
    ]
    parent_page_types = ["nodes.NodePage"]
    subpage_types: list[str] = []
    template = "events/event_page.html"
    search_kind = "event"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        if self.format != EventFormat.DIGITAL and not (self.venue_name or self.city):
            errors["venue_name"] = _("An event on site needs a venue or a city.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["attendance"] = self.attendance_figure() if self.is_past else None
        # 1:1 meetings are offered once the organisers have set their time slots.
        context["offers_meetings"] = (
            not self.is_past and self.canonical.meeting_slots.exists()
        )
        return context

    def attendance_figure(self) -> int | None:
        """How many came: checked in if check-in was used, else confirmed, else typed in."""
        from .registration import Registration  # noqa: PLC0415 -- defined after pages

        counts = Registration.objects.filter(
            event=self.canonical, status="confirmed"
        ).aggregate(
            confirmed=models.Count("pk"),
            checked_in=models.Count("pk", filter=models.Q(checked_in_at__isnull=False)),
        )
        return counts["checked_in"] or counts["confirmed"] or self.attendance

    def save(self, *args, **kwargs):
        if self.path:
            self.node = node_for_page(self) or self.node
        return super().save(*args, **kwargs)

    # --- canonical event ------------------------------------------------------------
    @property
    def canonical(self) -> "EventPage":
        """The page in the default language that the event's records point at."""
        cached = getattr(self, "_canonical", None)
        if cached is not None:
            return cached
        canonical = self
        default = Locale.get_default()
        if self.locale_id != default.pk:
            found = (
                EventPage.objects.filter(
                    translation_key=self.translation_key, locale=default
                )
                .select_related("locale")
                .first()
            )
            canonical = found or self
        self._canonical = canonical
        return canonical

    # --- state ---------------------------------------------------------------------
    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_on_site(self) -> bool:
        return self.format in (EventFormat.ON_SITE, EventFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.DIGITAL, EventFormat.HYBRID)

    @property
    def is_multi_day(self) -> bool:
        start = timezone.localtime(self.starts_at).date()
        return timezone.localtime(self.ends_at).date() != start

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.registration_mode == RegistrationMode.NONE or self.ends_at < now:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes

    def search_extra(self) -> dict:
        themes = list(self.themes.all())
        text = [t.name for t in themes]
        text += [self.venue_name, self.city, self.yearly_theme]
        if self.county_id:
            text.append(self.county.name)
        if self.node_id:
            text += [self.node.name_sv, self.node.name_en]
        text += [c.name for c in self.co_organisers.all()]
        return {
            "node": self.node.slug if self.node_id else "",
            "themes": tuple(t.slug for t in themes),
            "keywords": " ".join(filter(None, text)),
            "date": timezone.localtime(self.starts_at).date(),
        }


class EventCoOrganiser(Orderable):
    """An organisation that arranges the event together with the node."""

    page = ParentalKey(
        EventPage, on_delete=models.CASCADE, related_name="co_organisers"
    )
    name = models.CharField(_("organisation"), max_length=200)
    url = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")

    def __str__(self) -> str:
        return self.name


class EventIndexPage(HtmxPartialMixin, BasePage):
    """Every event: upcoming and past, with filters, and the summit archive."""

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 20
    htmx_partial = "listing"

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("events listing")

    def get_context(self, request, *args, **kwargs) -> dict:
        from motesplats.events.views.listing import event_index_context  # noqa: PLC0415 -- views import models

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(request, page=self))
        return context
