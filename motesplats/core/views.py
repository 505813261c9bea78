"""Technical views: health check and error pages in the visitor's language."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers; also the bare-view baseline in the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


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
