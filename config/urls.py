from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from motesplats.api.urls_sitemaps import language_patterns as sitemap_patterns
from motesplats.api.urls_sitemaps import root_patterns as robots_and_sitemap_index
from motesplats.api.v1 import api
from motesplats.core.views import healthz, security_txt
from motesplats.pages.views import search_view

handler500 = "motesplats.core.views.server_error"
# allauth answers its rate limits with ROOT_URLCONF.handler429: our page, with Retry-After.
handler429 = "motesplats.core.ratelimit.allauth_too_many_requests"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    *robots_and_sitemap_index,
]

urlpatterns += i18n_patterns(
    path(_("account/"), include("motesplats.accounts.urls")),
    path(_("account/"), include("allauth.urls")),
    path(_("comments/"), include("motesplats.comments.urls")),
    path(_("events/"), include("motesplats.events.urls")),
    path("", include("motesplats.actors.urls")),
    path("", include("motesplats.knowledge.urls")),
    path(_("impact/"), include("motesplats.impact.urls")),
    path(_("search/"), search_view, name="search"),
    path(_("follows/"), include("motesplats.pages.follows.urls")),
    path(_("feeds/"), include("motesplats.api.urls_feeds")),
    *sitemap_patterns,
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = (
        static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
    )
