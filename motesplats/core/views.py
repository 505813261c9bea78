"""Technical views: health check, security.txt and error pages in the visitor's language."""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers; also the bare-view baseline in the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


def security_contact(request: HttpRequest) -> str:
    """SECURITY_CONTACT, or security@ the site's first named host."""
    if settings.SECURITY_CONTACT:
        return settings.SECURITY_CONTACT
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.strip(".*")]
    host = hosts[0] if hosts else request.get_host().rsplit(":", 1)[0]
    return f"mailto:security@{host}"


@cache_control(max_age=3600, public=True)
@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): where and how to report a vulnerability."""
    # Midnight UTC a year after today: always a little under a year ahead, as RFC 9116
    # recommends, and the same all day long.
    today = datetime.now(tz=UTC).date()
    expires = datetime.combine(today + timedelta(days=365), time(), tzinfo=UTC)
    lines = [
        f"Contact: {security_contact(request)}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, en",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def _language_from_path(path: str) -> str:
    prefix = path.lstrip("/").split("/", 1)[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return prefix if prefix in codes else settings.LANGUAGE_CODE


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """A 500 page in the language of the URL, rendered without touching the database."""
    language = _language_from_path(request.path)
    with translation.override(language):
        template = loader.get_template(template_name)
        body = template.render(
            {"LANGUAGE_CODE": language, "request_path": request.path}
        )
    return HttpResponseServerError(body)
