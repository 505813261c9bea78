"""Demo coalitions: six (at least one per theme) with members from several sectors.

Built on the demo organisations and people (`organisations.load` runs first); a
coalition's organisations and people that are not there are skipped, so the demo
still loads on a database without them. Deterministic: the same rows on every load.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from motesplats.accounts.models import User
from motesplats.actors.enums import CoalitionRole, MembershipStatus
from motesplats.actors.models import (
    Coalition,
    CoalitionFollow,
    CoalitionMember,
    CoalitionQuestion,
    CoalitionUpdate,
    Organisation,
)
from motesplats.nodes.models import Node
from motesplats.taxonomy.models import Theme

from .organisations import demo_email

COALITIONS = Path(__file__).resolve().parent / "coalitions.json"


@transaction.atomic
def load() -> None:
    """Create the demo coalitions once."""
    if Coalition.objects.exists():
        return
    rows = json.loads(COALITIONS.read_text(encoding="utf-8"))
    themes = {t.slug: t for t in Theme.objects.all()}
    nodes = {n.slug: n for n in Node.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    now = timezone.now()
    for index, row in enumerate(rows):
        theme = themes.get(row["theme"])
        if theme is None:
            continue
        coalition = Coalition.objects.create(
            slug=row["slug"],
            name_sv=row["name_sv"],
            name_en=row["name_en"],
            theme=theme,
            purpose_sv=row["purpose_sv"],
            purpose_en=row["purpose_en"],
            is_knowledge_alliance=row["alliance"],
            access=row["access"],
            node=nodes.get(row["node"] or ""),
        )
        theme_questions = list(theme.questions.order_by("sort_order", "pk"))
        coalition.questions.set(
            [theme_questions[i] for i in row["questions"] if i < len(theme_questions)]
        )
        CoalitionQuestion.objects.bulk_create(
            CoalitionQuestion(
                coalition=coalition, text_sv=sv, text_en=en, sort_order=order
            )
            for order, (sv, en) in enumerate(row["own_questions"])
        )
        joined = now - timedelta(days=120 - 10 * index)
        members = [
            CoalitionMember(
                coalition=coalition,
                organisation=organisations[slug],
                status=MembershipStatus.ACTIVE,
                joined_at=joined,
            )
            for slug in row["organisations"]
            if slug in organisations
        ]
        people = {
            u.email: u
            for u in User.objects.filter(
                email__in=[
                    demo_email(name) for name in row["coordinators"] + row["people"]
                ]
            )
        }
        coordinators = []
        for role, names in (
            (CoalitionRole.COORDINATOR, row["coordinators"]),
            (CoalitionRole.MEMBER, row["people"]),
        ):
            for name in names:
                user = people.get(demo_email(name))
                if user is None:
                    continue
                if role == CoalitionRole.COORDINATOR:
                    coordinators.append(user)
                members.append(
                    CoalitionMember(
                        coalition=coalition,
                        user=user,
                        role=role,
                        status=MembershipStatus.ACTIVE,
                        joined_at=joined,
                    )
                )
        for slug, message in row["pending"]:
            if slug in organisations:
                members.append(
                    CoalitionMember(
                        coalition=coalition,
                        organisation=organisations[slug],
                        status=MembershipStatus.PENDING,
                        message=message,
                    )
                )
        CoalitionMember.objects.bulk_create(members)
        CoalitionFollow.objects.bulk_create(
            CoalitionFollow(coalition=coalition, user=m.user)
            for m in members
            if m.user_id and m.status == MembershipStatus.ACTIVE
        )
        author = coordinators[0] if coordinators else None
        count = len(row["updates"])
        for order, (title, body) in enumerate(row["updates"]):
            update = CoalitionUpdate.objects.create(
                coalition=coalition, author=author, title=title, body=body
            )
            # Spread over the past weeks, the last one newest.
            CoalitionUpdate.objects.filter(pk=update.pk).update(
                created_at=now - timedelta(days=14 * (count - order) + index)
            )
