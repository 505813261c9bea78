"""A ticket raffle: applications with motivations, a committed seed, a public draw."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motesplats.events.enums import RaffleStatus


class Raffle(models.Model):
    """The raffle of one event's places. Applications are registrations in `applied`.

    Before the draw the organisers close applications, which fixes the list of
    entries and publishes the SHA-256 commitment of a secret seed; the draw reveals
    the seed so anyone can recompute the result with `motesplats.events.draw`.
    """

    event = models.OneToOneField(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="raffle",
    )
    places = models.PositiveIntegerField(_("places to draw"))
    # {"civil-society": 20, ...}: places reserved per sector in the draw.
    quotas = models.JSONField(_("quotas per sector"), default=dict, blank=True)
    applications_close_at = models.DateTimeField(_("applications close"))
    status = models.CharField(
        _("status"), max_length=10, choices=RaffleStatus, default=RaffleStatus.OPEN
    )
    commitment = models.CharField(
        _("seed commitment (SHA-256)"), max_length=64, blank=True
    )
    entries_digest = models.CharField(max_length=64, blank=True)
    entries_json = models.TextField(blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # Secret until the draw; revealed (public) afterwards.
    seed = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("raffle")
        verbose_name_plural = _("raffles")

    def __str__(self) -> str:
        return f"{self.event} ({self.get_status_display()})"
