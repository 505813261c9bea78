"""Admin: programme and tickets (hooks registered on import).

Ticket types, registration questions, tracks, rooms, sessions (with their speakers and
moderators) and speakers, under one menu group. Whoever may edit an event's page may
edit its records, and sees no one else's: the lists, the forms' event choices and every
object view are limited to the events the editor may edit, and only the canonical
(Swedish) event pages can be chosen, since records always belong to those.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, Q, QuerySet
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from motesplats.accounts.models import User
from motesplats.core.audit import log_action
from motesplats.events.models import (
    EventPage,
    RegistrationQuestion,
    Room,
    Session,
    Speaker,
    TicketType,
    Track,
)
from motesplats.events.reports import manageable_event_ids

# --- who may edit which records ---------------------------------------------------------


def _editable_events(user: Any) -> QuerySet[EventPage]:
    """The canonical events `user` may edit, read once per request (on the user)."""
    return EventPage.objects.filter(pk__in=manageable_event_ids(user))


class EventRecordPolicy(BasePermissionPolicy):
    """Records of an event may be edited by those who may edit the event's page."""

    event_lookup = "event"

    def _may_edit_any(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return user.is_superuser or bool(manageable_event_ids(user))

    def user_has_permission(self, user, action) -> bool:
        return self._may_edit_any(user)

    def users_with_any_permission(self, actions) -> QuerySet:
        return (
            User.objects.filter(is_active=True)
            .filter(
                Q(is_superuser=True)
                | Q(groups__page_permissions__permission__codename="change_page")
            )
            .distinct()
        )

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self._may_edit_any(user):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(
            **{f"{self.event_lookup}__in": _editable_events(user)}
        )

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return (
            self.instances_user_has_any_permission_for(user, [action])
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_permission_for_instance(user, None, instance)


class SpeakerPolicy(EventRecordPolicy):
    """Speakers are shared between events: an editor may edit those who appear in one
    of their events, and those not yet on any programme."""

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        if not self._may_edit_any(user):
            return Speaker.objects.none()
        if user.is_superuser:
            return Speaker.objects.all()
        return Speaker.objects.filter(
            Q(appearances__session__event__in=_editable_events(user))
            | Q(appearances__isnull=True)
        ).distinct()


for _model in (TicketType, RegistrationQuestion, Track, Room, Session):
    register_permission_policy(_model, EventRecordPolicy(_model))
register_permission_policy(Speaker, SpeakerPolicy(Speaker))


# --- forms ---------------------------------------------------------------------------------


def _event_label(event: EventPage) -> str:
    return f"{event.title} ({timezone.localtime(event.starts_at):%Y-%m-%d})"


class EventRecordForm(WagtailAdminModelForm):
    """Offers only the events the editor may edit, in their Swedish (canonical) page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("event")
        if field is not None:
            field.queryset = _editable_events(self.for_user).order_by("-starts_at")
            field.label_from_instance = _event_label
            field.help_text = _(
                "Only the events whose page you may edit, by their Swedish page."
            )
            # Moving a record that registrations or sessions use to another event
            # would leave them pointing across events.
            if self.instance.pk:
                field.disabled = True


class SessionForm(EventRecordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        events = _editable_events(self.for_user)
        for name, model in (("track", Track), ("room", Room)):
            field = self.fields.get(name)
            if field is not None:
                field.queryset = model.objects.filter(event__in=events).select_related(
                    "event"
                )
                field.label_from_instance = lambda obj: f"{obj} – {obj.event.title}"

    def clean(self) -> dict:
        cleaned = super().clean()
        event = cleaned.get("event")
        if event is not None:
            for name in ("track", "room"):
                value = cleaned.get(name)
                if value is not None and value.event_id != event.pk:
                    self.add_error(
                        name,
                        ValidationError(
                            _("Choose a track or room of the same event."),
                            code="other_event",
                        ),
                    )
        return cleaned


# --- views ---------------------------------------------------------------------------------


class _Scoped:
    """Every object view reads only the records the editor may edit."""

    list_related: tuple[str, ...] = ("event",)

    def scoped_queryset(self) -> QuerySet:
        qs = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        )
        return qs.select_related(*self.list_related) if self.list_related else qs


class ScopedIndexView(_Scoped, generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return self.scoped_queryset()


class _AuditedSave:
    def save_instance(self):
        instance = super().save_instance()
        log_action(
            action=f"events.{instance._meta.model_name}.{self.audit_verb}",
            actor=self.request.user,
            obj=instance,
            data={"event": getattr(instance, "event_id", None)},
        )
        return instance


class ScopedCreateView(_AuditedSave, generic.CreateView):
    audit_verb = "created"


class ScopedCopyView(_AuditedSave, generic.CopyView):
    audit_verb = "created"


class ScopedEditView(_Scoped, _AuditedSave, generic.EditView):
    audit_verb = "changed"

    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset()


class ScopedDeleteView(_Scoped, generic.DeleteView):
    def get_queryset(self) -> QuerySet:
        return self.scoped_queryset()

    def form_valid(self, form):
        instance = self.object
        label, pk = str(instance), instance.pk
        event_id = getattr(instance, "event_id", None)
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                gettext(
                    "“%(object)s” cannot be deleted: registrations use it. "
                    "Take it off sale or change it instead."
                )
                % {"object": label},
            )
            return HttpResponseRedirect(self.get_success_url())
        log_action(
            action=f"events.{instance._meta.model_name}.deleted",
            actor=self.request.user,
            data={"id": pk, "name": label, "event": event_id},
        )
        return response


class ScopedHistoryView(_Scoped, HistoryView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped_queryset()


class ScopedUsageView(_Scoped, UsageView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scoped_queryset()


def _filterset(model, field_name: str = "event"):
    """A filter by event, offering only the editor's events."""

    def events(request):
        if request is None:
            return EventPage.objects.none()
        return _editable_events(request.user).order_by("-starts_at")

    class Meta:
        fields: list[str] = []

    Meta.model = model
    event = django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=_("Event"),
        queryset=events,
        distinct=True,
    )
    return type(
        f"{model.__name__}EventFilterSet",
        (WagtailFilterSet,),
        {"Meta": Meta, "event": event},
    )


class EventRecordViewSet(ModelViewSet):
    icon = "date"
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    copy_view_class = ScopedCopyView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    list_related: tuple[str, ...] = ("event",)
    event_filter_field = "event"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filterset_class = _filterset(self.model, self.event_filter_field)

    # The scoped views read related rows with their records; the others need not.
    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_related=self.list_related, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(list_related=self.list_related, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(list_related=self.list_related, **kwargs)

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(list_related=self.list_related, **kwargs)

    def get_usage_view_kwargs(self, **kwargs):
        return super().get_usage_view_kwargs(list_related=self.list_related, **kwargs)


def _panels(*panels, form=EventRecordForm) -> ObjectList:
    return ObjectList(list(panels), base_form_class=form)


def _event_panel() -> FieldPanel:
    # A plain list of the editor's events, not the page chooser (which browses the
    # whole tree, translations and other nodes' events included).
    return FieldPanel("event", widget=forms.Select)


class TicketTypeViewSet(EventRecordViewSet):
    model = TicketType
    name = "event_ticket_types"
    url_prefix = "programme/ticket-types"
    icon = "tag"
    list_display = ["name_sv", "event", "kind", "price", "capacity", "is_active"]
    search_fields = ["name_sv", "name_en"]
    edit_handler = _panels(
        _event_panel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_en")]),
                FieldPanel("description_sv"),
                FieldPanel("description_en"),
            ],
            heading=_("Name and description"),
        ),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("price"), FieldPanel("vat_rate")],
            heading=_("Price"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("max_per_booking"),
                FieldPanel("sale_starts_at"),
                FieldPanel("sale_ends_at"),
                FieldPanel("is_active"),
                FieldPanel("sort_order"),
            ],
            heading=_("Places and sale"),
        ),
    )


class RegistrationQuestionViewSet(EventRecordViewSet):
    model = RegistrationQuestion
    name = "event_questions"
    url_prefix = "programme/questions"
    icon = "help"
    list_display = ["label_sv", "event", "kind", "required", "is_health_data"]
    search_fields = ["label_sv", "label_en"]
    edit_handler = _panels(
        _event_panel(),
        FieldRowPanel([FieldPanel("label_sv"), FieldPanel("label_en")]),
        FieldRowPanel([FieldPanel("help_sv"), FieldPanel("help_en")]),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("choices_sv"), FieldPanel("choices_en")]),
        FieldPanel("required"),
        FieldPanel("is_health_data"),
        FieldPanel("sort_order"),
    )


class TrackViewSet(EventRecordViewSet):
    model = Track
    name = "event_tracks"
    url_prefix = "programme/tracks"
    icon = "list-ul"
    list_display = ["name_sv", "event", "slug", "sort_order"]
    search_fields = ["name_sv", "name_en"]
    edit_handler = _panels(
        _event_panel(),
        FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_en")]),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    )


class RoomViewSet(EventRecordViewSet):
    model = Room
    name = "event_rooms"
    url_prefix = "programme/rooms"
    icon = "home"
    list_display = ["name", "event", "capacity", "sort_order"]
    search_fields = ["name"]
    edit_handler = _panels(
        _event_panel(),
        FieldPanel("name"),
        FieldPanel("capacity"),
        FieldPanel("accessibility"),
        FieldPanel("sort_order"),
    )


class SessionViewSet(EventRecordViewSet):
    model = Session
    name = "event_sessions"
    url_prefix = "programme/sessions"
    icon = "time"
    list_related = ("event", "track", "room")
    list_display = ["title_sv", "event", "starts_at", "kind", "track", "room"]
    search_fields = ["title_sv", "title_en"]
    ordering = ["starts_at", "pk"]
    edit_handler = _panels(
        _event_panel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("title_sv"), FieldPanel("title_en")]),
                FieldPanel("description_sv"),
                FieldPanel("description_en"),
                FieldPanel("kind"),
                FieldPanel("language"),
                FieldPanel("themes"),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("track"), FieldPanel("room")]),
                FieldPanel("signup_required"),
                FieldPanel("capacity"),
            ],
            heading=_("When and where"),
        ),
        InlinePanel(
            "people",
            label=_("Speakers and moderators"),
            panels=[
                FieldPanel("speaker"),
                FieldPanel("role"),
                FieldPanel("sort_order"),
            ],
        ),
        form=SessionForm,
    )


class SpeakerViewSet(EventRecordViewSet):
    model = Speaker
    name = "event_speakers"
    url_prefix = "programme/speakers"
    icon = "user"
    list_related = ()
    event_filter_field = "appearances__session__event"
    list_display = ["name", "title", "public_consent"]
    search_fields = ["name", "title"]
    # No member-account chooser: it would list every member to every editor.
    edit_handler = _panels(
        FieldPanel("name"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("bio_sv"), FieldPanel("bio_en")]),
        FieldPanel("email"),
        FieldRowPanel([FieldPanel("public_consent"), FieldPanel("consent_given_at")]),
    )


class ProgrammeAndTicketsGroup(ModelViewSetGroup):
    menu_label = _("Programme and tickets")
    menu_icon = "date"
    menu_order = 210
    items = (
        TicketTypeViewSet,
        RegistrationQuestionViewSet,
        SessionViewSet,
        TrackViewSet,
        RoomViewSet,
        SpeakerViewSet,
    )


@hooks.register("register_admin_viewset")
def register_programme_and_tickets():
    return ProgrammeAndTicketsGroup()
