"""JSON for scripts: decimals are written as numbers with their recorded digits.

``json`` would either refuse a Decimal or turn it into a float (``0.1`` would
stay, but ``1056.50`` would lose its digit and large values their exactness).
Decimals are swapped for a sentinel string, then the quoted sentinel is
replaced by the bare digits.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ledger.semantics.intervals import format_decimal

_TOKEN = "\x00" + secrets.token_hex(4)
_SENTINEL = re.compile(r'"\\u0000' + _TOKEN[1:] + r'(-?[0-9.]+)"')


def _prepare(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return _TOKEN + format_decimal(obj)
    if hasattr(obj, "to_json") and not isinstance(obj, type):
        obj = obj.to_json()
    elif is_dataclass(obj) and not isinstance(obj, type):
        obj = asdict(obj)
    if isinstance(obj, dict):
        return {k: _prepare(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_prepare(v) for v in obj]
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return obj


def dumps(obj: Any, *, indent: int | None = None) -> str:
    text = json.dumps(_prepare(obj), indent=indent, ensure_ascii=False)
    return _SENTINEL.sub(r"\1", text)
