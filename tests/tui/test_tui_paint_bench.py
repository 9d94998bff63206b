"""The UI paint benchmark runs end to end on a tiny ledger and prints both ratios."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report, tui_paint  # noqa: E402


def test_tui_paint_measures_first_paint_and_rss_on_empty_and_large() -> None:
    result = tui_paint.measure(600, repeats=1)
    assert result["empty"]["statistics"] == 0 and result["empty"]["rows"] == 0
    assert result["large"]["rows"] == result["large"]["statistics"] > 0
    text = "\n".join(report.tui_paint_table(result))
    for name in ("first paint ratio", "peak RSS ratio"):
        assert re.search(rf"^- {name} \(large/empty\): [0-9.]+", text, re.MULTILINE)
    assert "| large | 600 |" in text
