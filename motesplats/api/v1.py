"""The open API, version 1: `/api/v1/`, schema at `/api/v1/openapi.json`, docs at
`/api/v1/docs`.

Input that does not fit the schema, or that the calculators refuse, is answered with
422 and a message per field, never a 500.
"""

from django.http import HttpRequest

from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from motesplats.api.impact import CalculationRefused
from motesplats.api.impact import router as impact_router

api = NinjaAPI(
    title="Mötesplats API",
    version="1",
    description=(
        "Open data and open calculations of Mötesplats Social Innovation: SROI and "
        "cost-effectiveness, computed exactly (decimal arithmetic, rounded half-up)."
    ),
    urls_namespace="api_v1",
)
api.add_router("/impact/", impact_router, tags=["impact"])


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
