"""Interactive documentation at ``/api/docs``: Swagger UI served by the app, no CDN.

The assets come from the ``swagger-ui-bundle`` package; the page loads no
inline script (its initializer is a file), so a strict CSP holds.
"""

from __future__ import annotations

from flask import Blueprint, Response, url_for
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

blp = Blueprint(
    "docs",
    __name__,
    url_prefix="/api/docs",
    static_folder=swagger_ui_path,
    static_url_path="/static",
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gcm-process API</title>
<link rel="stylesheet" href="{css}">
</head>
<body>
<p><a href="/">The pages for people: the schedule, what changed, the letters</a></p>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{preset}"></script>
<script src="{init}"></script>
</body>
</html>
"""

INIT = """window.onload = function () {{
  window.ui = SwaggerUIBundle({{
    url: {spec!r},
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
    validatorUrl: null
  }});
}};
"""


@blp.get("/")
def page() -> Response:
    def static(name: str) -> str:
        return url_for("docs.static", filename=name)

    html = PAGE.format(
        css=static("swagger-ui.css"),
        bundle=static("swagger-ui-bundle.js"),
        preset=static("swagger-ui-standalone-preset.js"),
        init=url_for("docs.initializer"),
    )
    return Response(html, mimetype="text/html")


@blp.get("/init.js")
def initializer() -> Response:
    spec = url_for("api-docs.openapi_json")
    return Response(INIT.format(spec=spec), mimetype="text/javascript")
