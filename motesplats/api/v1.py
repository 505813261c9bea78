"""The open API, version 1: `/api/v1/`, schema at `/api/v1/openapi.json`, docs at
`/api/v1/docs` (see docs/api.md).

Read-only resources (knowledge, events, actors, vocabularies) and two open calculators.
Input that does not fit the schema, or that the calculators refuse, is answered with
422 and a message per field, never a 500. HTTP details (caching, CORS, gzip, rate
limits) are `motesplats.api.http`.
"""

from django.http import HttpRequest
from django.urls import path

from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from motesplats.api.impact import CalculationRefused
from motesplats.api.impact import router as impact_router
from motesplats.api.resources import actors, events, knowledge, search, vocabulary
from motesplats.api.resources.common import ApiError


class OpenApi(NinjaAPI):
    """Every operation may answer 422 (input that does not fit) and 429 (rate limit,
    see `motesplats.api.http`), and one with a body 400 (not JSON at all); the schema
    says so for those that do not declare it."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                if not ({"422", 422} & set(responses)):
                    responses["422"] = _response(
                        "Input that does not fit, a message per field.",
                        "ValidationErrorOut",
                    )
                if "requestBody" in operation and not ({"400", 400} & set(responses)):
                    responses["400"] = _response("A body that is not JSON.", "ErrorOut")
                if not ({"429", 429} & set(responses)):
                    responses["429"] = _response(
                        "Too many requests; see Retry-After.", "ErrorOut"
                    )
        return schema


def _response(description: str, component: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{component}"}
            }
        },
    }


api = OpenApi(
    title="Mötesplats API",
    version="1",
    description=(
        "Open data and open calculations of Mötesplats Social Innovation: the "
        "knowledge bank, events, actors and the shared vocabulary, in Swedish and "
        "English; SROI and cost-effectiveness, computed exactly (decimal arithmetic, "
        "rounded half-up). No sign-in. Lists are paged with cursors (`next`), "
        "answer `format=csv` with the same filters, and `updated_since` gives what "
        "changed for incremental sync. Responses carry ETag and Last-Modified "
        "(conditional requests get 304), may be cached for 60 seconds and are "
        "readable from any origin. Each client IP may make a limited number of "
        "requests a minute (429 with Retry-After beyond it). Errors are JSON with "
        "`detail`."
    ),
    urls_namespace="api_v1",
)
api.add_router("/impact/", impact_router, tags=["impact"])
for module in (knowledge, events, actors, vocabulary, search):
    api.add_router("", module.router)


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError):
    return api.create_response(request, {"detail": exc.detail}, status=exc.status)


@api.exception_handler(CalculationRefused)
def calculation_refused(request: HttpRequest, exc: CalculationRefused):
    return api.create_response(
        request,
        {"detail": [{"loc": ["body", *exc.loc], "msg": str(exc)}]},
        status=422,
    )


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError):
    detail = [
        {"loc": list(error.get("loc", [])), "msg": error.get("msg", "invalid")}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


# The API alone, as a URLconf (see `motesplats.api.http.ApiMiddleware`); the site's
# config/urls.py mounts the same API at the same place.
urlpatterns = [path("api/v1/", api.urls)]
