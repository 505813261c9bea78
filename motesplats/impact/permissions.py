"""Who may see and change an impact model: one place for every view and service.

- Everyone sees a published model; a draft only its editors.
- Its editors: the member who created it; the administrators of its organisation; the
  coordinators of its coalition; and editors of the platform (national or node).
"""

from typing import Any

from motesplats.actors.permissions import (
    is_coordinator,
    is_member,
    is_organisation_admin,
)
from motesplats.impact.enums import ModelStatus


def is_impact_editor(user: Any) -> bool:
    return is_member(user) and user.has_perm("impact.change_impactmodel")


def can_edit(user: Any, model: Any) -> bool:
    if not is_member(user):
        return False
    if model.created_by_id is not None and model.created_by_id == user.pk:
        return True
    if is_impact_editor(user):
        return True
    if model.organisation_id and is_organisation_admin(user, model.organisation):
        return True
    return bool(model.coalition_id and is_coordinator(user, model.coalition))


def can_view(user: Any, model: Any) -> bool:
    return model.status == ModelStatus.PUBLISHED or can_edit(user, model)
