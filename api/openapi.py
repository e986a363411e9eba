"""The OpenAPI document: every error response in the problem+json shape."""

from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any, TypeVar, cast

import flask_smorest
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from api.contract import ContractPlugin
from api.errors import PROBLEM
from api.schemas.common import ProblemSchema

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

#: What any read can answer besides success.
READ = (401, 404, 422)
#: What any write can answer besides success.
WRITE = (400, 401, 403, 404, 409, 413, 415, 422, 429, 503, 507)
BEARER: dict[str, list[str]] = {"bearer": []}
#: The ``ETag`` of an answer, for ``If-None-Match`` and ``If-Match``.
ETAG = {"ETag": {"description": "the version of what was answered", "schema": {"type": "string"}}}

SETTINGS: dict[str, Any] = {
    "API_TITLE": "gcm-process",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "The official record of an intergovernmental negotiation process. "
                "Reads are open unless the deployment says otherwise; writes need a "
                "bearer token with the clerk role. Errors are application/problem+json."
            )
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    },
}


class Blueprint(flask_smorest.Blueprint):  # type: ignore[misc]
    """flask-smorest's Blueprint with typed decorators (the library has no annotations)."""

    def route(self, rule: str, **options: Any) -> Callable[[T], T]:
        return cast(Callable[[T], T], super().route(rule, **options))

    def arguments(self, schema: Any, **kwargs: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], super().arguments(schema, **kwargs))

    def response(self, status_code: int, schema: Any = None, **kwargs: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], super().response(status_code, schema, **kwargs))

    def alt_response(self, status_code: int, **kwargs: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], super().alt_response(status_code, **kwargs))

    def doc(self, **kwargs: Any) -> Callable[[F], F]:
        return cast(Callable[[F], F], super().doc(**kwargs))


class GcmApi(Api):  # type: ignore[misc]
    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _init_spec(self, *args: Any, extra_plugins: Any = None, **kwargs: Any) -> None:
        plugins = [*(extra_plugins or ()), ContractPlugin()]
        super()._init_spec(*args, extra_plugins=plugins, **kwargs)

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = ProblemSchema
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)


def errors(blp: Blueprint, *codes: int) -> Callable[[F], F]:
    """Document the error statuses an operation can answer (problem+json)."""

    def decorate(view: F) -> F:
        for code in sorted(set(codes)):
            view = blp.alt_response(code, response=http.HTTPStatus(code).name)(view)
        return view

    return decorate


def reads(blp: Blueprint, *more: int) -> Callable[[F], F]:
    """A read: open or token-protected as deployed, with its errors."""

    def decorate(view: F) -> F:
        view = blp.doc(security=[{}, BEARER])(view)
        return errors(blp, *READ, *more)(view)

    return decorate


def writes(blp: Blueprint, *more: int) -> Callable[[F], F]:
    """A write: needs a clerk token, with its errors (``api.contract`` adds its headers)."""

    def decorate(view: F) -> F:
        view = blp.doc(security=[BEARER])(view)
        return errors(blp, *WRITE, *more)(view)

    return decorate
