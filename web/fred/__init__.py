"""FRED/ALFRED-compatible endpoints, mounted at ``/fred`` (fredapi's ``root_url``)."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
