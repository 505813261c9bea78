"""Demo comments: a discussion with a reply, a guest's comment, one in the queue.

Rows are written directly (no mail goes out while the demo loads). Malmö uses
post-moderation so its comments show at once; the other nodes keep the default,
pre-moderation, which is why the comment on Luleå's article waits for an editor.
"""

from datetime import timedelta

from django.utils import timezone

from wagtail.models import Page

from motesplats.accounts.models import User
from motesplats.nodes.models import CommentModeration, Node

from .enums import COMMENTABLE_PAGE_MODELS, CommentStatus
from .models import Comment


def _member(email: str, display_name: str) -> User:
    from allauth.account.models import EmailAddress  # noqa: PLC0415 -- allauth model

    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": display_name}
    )
    if created:
        # Demo members never sign in: no password to leak or guess.
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _page(slug: str, language: str) -> Page:
    pages = Page.objects.live().filter(locale__language_code=language)
    page = pages.filter(slug=slug).first()
    if page is None:  # the content changed: any item of the knowledge bank will do
        page = next(
            p
            for p in pages.filter(depth__gte=5).order_by("path")
            if p.specific_class._meta.label_lower in COMMENTABLE_PAGE_MODELS
        )
    return page


def comments_demo_load() -> int:
    """Create the demo comments; returns how many."""
    Node.objects.filter(slug="malmo").update(comment_moderation=CommentModeration.POST)
    sara = _member("sara.lind@motesplats.example", "Sara Lind (demo)")
    jonas = _member("jonas.berg@motesplats.example", "Jonas Berg (demo)")
    now = timezone.now()

    def published(**fields) -> Comment:
        written = fields.pop("written")
        return Comment.objects.create(
            status=CommentStatus.PUBLISHED,
            created_at=written,
            published_at=written,
            **fields,
        )

    yalla = _page("yalla-trappan", "sv")
    first = published(
        page=yalla,
        author=sara,
        body="Vi har haft studiebesök hos Yalla Trappan med vår arbetsmarknadsenhet. "
        "Det som imponerade mest var hur de bygger upp förtroende steg för steg.\n\n"
        "Har någon erfarenhet av att starta ett liknande kooperativ i en mindre kommun?",
        written=now - timedelta(days=12),
    )
    published(
        page=yalla,
        parent=first,
        author=jonas,
        body="Ja, vi gjorde det i en kommun med 15 000 invånare. Nyckeln var ett "
        "idéburet offentligt partnerskap med kommunen från start. Tillväxtverkets "
        "material om sociala företag hjälpte oss: https://tillvaxtverket.se/",
        written=now - timedelta(days=11),
    )
    published(
        page=_page("handbok-effektmatning", "sv"),
        guest_name="Karin från Folkhälsoteamet",
        guest_email="karin.demo@example.org",
        email_confirmed_at=now - timedelta(days=5),
        body="Tack för handboken! Kapitlet om att välja indikatorer tillsammans med "
        "målgruppen var precis vad vi behövde inför vår ansökan.",
        written=now - timedelta(days=5),
    )
    Comment.objects.create(
        page=_page("regional-samverkan-i-norr", "sv"),
        author=jonas,
        status=CommentStatus.PENDING,
        body="Finns det en kontaktperson för samverkan i Norrbotten som vi kan höra av "
        "oss till? Vi planerar ett projekt om servicepunkter i Tornedalen.",
        created_at=now - timedelta(days=1),
    )
    published(
        page=_page("yalla-trappan", "en"),
        author=sara,
        body="A great example of how a work integration social enterprise can grow "
        "together with its municipality.",
        written=now - timedelta(days=3),
    )
    return Comment.objects.count()
