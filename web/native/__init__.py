"""Recount's own JSON endpoints, mounted at ``/recount``: what FRED cannot say."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
