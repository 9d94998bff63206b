"""The terminal-safe escaping of JSON text: its fast path for plain ASCII changes nothing."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ledger import row_json


@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x2030, exclude_categories=())))
@example("plain ascii, with\nline breaks")
@example("del \x7f and tab \t and nul \x00")
@example("caf\u00e9 \u202e \x85")
def test_escaped_equals_the_pattern_alone(text: str) -> None:
    assert row_json.escaped(text) == row_json._NOT_ASCII.sub(row_json._escaped, text)


def test_printable_ascii_comes_back_as_it_is_and_controls_do_not() -> None:
    assert row_json.escaped('{"a": "b ~"}\n') == '{"a": "b ~"}\n'
    assert row_json.escaped("x\x7fy") == "x\\u007fy"
