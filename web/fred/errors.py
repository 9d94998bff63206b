"""FRED's errors: an ``error`` with a code and a message, in the file type asked for.

FRED answers a bad request with HTTP 400 and ``<error code="400" message="Bad
Request.  ..."/>`` (or ``{"error_code": 400, "error_message": ...}`` in JSON);
fredapi raises the message as a ``ValueError``.
"""

from __future__ import annotations

import json

from starlette.responses import Response

from web.fred.formats import XML_DECLARATION, xml_attributes

#: The wording FRED gives each status before its own explanation.
REASONS = {
    400: "Bad Request.",
    404: "Not Found.",
    405: "Method Not Allowed.",
    500: "Internal Server Error.",
    503: "Service Unavailable.",
}


class FredError(Exception):
    """A request refused, with its HTTP status and one line saying why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(error: FredError, file_type: str = "xml") -> Response:
    """The error in FRED's shape: its status's reason, two spaces, then why."""
    message = f"{REASONS.get(error.status, 'Error.')}  {error.message}"
    if file_type == "json":
        body = json.dumps({"error_code": error.status, "error_message": message})
        return Response(body, error.status, media_type="application/json")
    attributes = xml_attributes({"code": error.status, "message": message})
    body = f"{XML_DECLARATION}<error {attributes}/>\n"
    return Response(body, error.status, media_type="text/xml; charset=utf-8")
