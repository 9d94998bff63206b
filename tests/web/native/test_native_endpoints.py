"""``/recount`` answers what ``recount … --json`` prints for the same question, byte for byte,
and refuses a bad parameter with a JSON error naming it."""

from __future__ import annotations

import json

import pytest
from native_support import PAYROLLS, REMOVALS
from typer.testing import CliRunner

BOTH = "ice-official-1,ice-official-2"

# (the web's request, the CLI's arguments after --db): the same question.
SAME_QUESTION = [
    (f"/recount/replay?statistic={REMOVALS}&as_of=2011-01-31",
     ["replay", "--statistic", REMOVALS, "--as-of", "2011-01-31"]),
    ("/recount/replay", ["replay", "--json"]),
    ("/recount/replay?format=ndjson&known_at=2030-01-01", [
        "replay", "--format", "ndjson", "--known-at", "2030-01-01"]),
    (f"/recount/history?statistic={PAYROLLS}&period=2020-04",
     ["history", PAYROLLS, "--period", "2020-04", "--json"]),
    ("/recount/discrepancies", ["discrepancies", "--json"]),
    ("/recount/discrepancies?notes=true", ["discrepancies", "--notes", "--json"]),
    ("/recount/discrepancies?notes=true&as_of=2011-06-30&severity=hard",
     ["discrepancies", "--notes", "--as-of", "2011-06-30", "--severity", "hard", "--json"]),
    ("/recount/diff?from=2020-05-31&to=2021-03-31",
     ["diff", "--from", "2020-05-31", "--to", "2021-03-31", "--json"]),
    (f"/recount/releases?statistic={PAYROLLS}&release=2",
     ["releases", PAYROLLS, "--release", "2", "--json"]),
    (f"/recount/revisions?statistic={PAYROLLS}&from=first&to=latest",
     ["revisions", PAYROLLS, "--from", "first", "--to", "latest", "--json"]),
    (f"/recount/compare?statistic={REMOVALS}&sources={BOTH}",
     ["compare", REMOVALS, "--sources", BOTH, "--json"]),
    ("/recount/statistics", ["statistic", "list", "--json"]),
    ("/recount/statistics?as_of=2011-01-31", ["statistic", "list", "--as-of", "2011-01-31",
                                              "--json"]),
    (f"/recount/statistics/{REMOVALS}", ["statistic", "show", REMOVALS, "--json"]),
    (f"/recount/statistics/{PAYROLLS}?as_of=2020-06-30",
     ["statistic", "show", PAYROLLS, "--as-of", "2020-06-30", "--json"]),
    ("/recount/sources", ["source", "list", "--json"]),
    ("/recount/sources/bls", ["source", "show", "bls", "--json"]),
    ("/recount/head", ["head", "--json"]),
]  # fmt: skip


@pytest.mark.parametrize(("url", "arguments"), SAME_QUESTION, ids=[u for u, _ in SAME_QUESTION])
def test_an_answer_is_the_clis_json_byte_for_byte(client, demo_db, url, arguments) -> None:
    from cli.main import app

    answer = client.get(url)
    printed = CliRunner().invoke(app, ["--db", demo_db, *arguments])
    assert printed.exit_code == 0, printed.output
    assert answer.status_code == 200, answer.text
    assert answer.content == printed.stdout.encode("utf-8")
    assert answer.content.strip(), "an answer with nothing in it would prove nothing"


def test_lists_are_json_or_one_object_a_line(client) -> None:
    whole = client.get("/recount/replay")
    lines = client.get("/recount/replay?format=ndjson")
    assert whole.headers["content-type"] == "application/json"
    assert lines.headers["content-type"] == "application/x-ndjson"
    assert [json.loads(line) for line in lines.text.splitlines()] == whole.json()
    assert len(whole.json()) > 5


def test_a_replay_carries_qualifiers_and_intervals(client) -> None:
    (row,) = [r for r in client.get(f"/recount/replay?statistic={REMOVALS}").json()
              if r["source"] == "ice-official-1"]  # fmt: skip
    assert row["text"] == "more than 59,000" and row["qualifier"] == "more_than"
    assert row["wide"] == [59000, None] and row["wide_text"] == "(59000,)"


def test_an_empty_answer_is_an_empty_list(client) -> None:
    assert client.get(f"/recount/replay?statistic={REMOVALS}&as_of=2000-01-01").content == b"[]\n"
    assert client.get(f"/recount/replay?statistic={REMOVALS}&as_of=2000-01-01&format=ndjson"
                      ).content == b""  # fmt: skip


@pytest.mark.parametrize(("url", "status", "names"), [
    ("/recount/replay?asof=2011-01-31", 400, "'asof'"),
    ("/recount/replay?as_of=2011-01-31&as_of=2012-01-31", 400, "'as_of'"),
    ("/recount/replay?as_of=2011-02-30", 400, "'2011-02-30'"),
    ("/recount/replay?as_of=yesterday", 400, "'yesterday'"),
    ("/recount/replay?known_at=soon", 400, "'soon'"),
    ("/recount/replay?format=xml", 400, "'xml'"),
    ("/recount/replay?period=2010-13", 400, "2010-13"),
    ("/recount/replay?statistic=no.such", 404, "'no.such'"),
    ("/recount/replay?source=nobody", 404, "'nobody'"),
    ("/recount/history", 400, "'statistic'"),
    ("/recount/history?statistic=no.such", 404, "'no.such'"),
    ("/recount/discrepancies?severity=mild", 400, "'mild'"),
    ("/recount/discrepancies?notes=yes", 400, "'yes'"),
    ("/recount/diff?from=2021-01-01", 400, "'to'"),
    ("/recount/diff?from=2021-01-01&to=2020-01-01", 400, "2020-01-01"),
    (f"/recount/releases?statistic={PAYROLLS}&release=zeroth", 400, "zeroth"),
    (f"/recount/revisions?statistic={PAYROLLS}&from=latest", 400, "latest"),
    (f"/recount/compare?statistic={REMOVALS}&sources=ice-official-1", 400, "ice-official-1"),
    ("/recount/statistics/no.such", 404, "'no.such'"),
    ("/recount/sources/nobody", 404, "'nobody'"),
    ("/recount/replay?statistic=%1B%5B31m%0Ax", 404, "\\x1b[31m\\nx"),
    ("/recount/replay?statistic=a%00b", 400, "'a\\x00b'"),
    ("/recount/statistics/a%00b", 400, "'a\\x00b'"),
    ("/recount/history?statistic=x&period=%00", 400, "\\x00"),
])  # fmt: skip
def test_a_bad_parameter_is_refused_in_one_line_naming_it(client, url, status, names) -> None:
    answer = client.get(url)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    refusal = answer.json()
    assert refusal["status"] == status
    assert names in refusal["message"]
    assert "\n" not in refusal["message"] and "\x1b" not in refusal["message"]
    assert answer.content.endswith(b"}\n") and answer.content.count(b"\n") == 1


def test_the_description_names_every_endpoint_and_its_parameters(client) -> None:
    described = client.get("/recount/openapi.json").json()
    assert described["openapi"].startswith("3.")
    paths = described["paths"]
    assert {"/recount/replay", "/recount/history", "/recount/discrepancies", "/recount/diff",
            "/recount/releases", "/recount/revisions", "/recount/compare",
            "/recount/statistics", "/recount/statistics/{code}", "/recount/sources",
            "/recount/sources/{source_id}", "/recount/head"} == set(paths)  # fmt: skip
    replay = {p["name"]: p for p in paths["/recount/replay"]["get"]["parameters"]}
    assert set(replay) == {"statistic", "period", "source", "as_of", "known_at", "format"}
    assert replay["format"]["schema"]["enum"] == ["json", "ndjson"]
    for path, item in paths.items():
        for status in ("200", "400", "404"):
            assert status in item["get"]["responses"], (path, status)


def test_a_long_list_streams_in_batches_that_make_the_same_bytes(client, monkeypatch) -> None:
    whole = client.get("/recount/replay").content
    from web.native import encoding

    monkeypatch.setattr(encoding, "BATCH", 2)
    with client.stream("GET", "/recount/replay") as answer:
        chunks = list(answer.iter_raw())
    assert len(chunks) > 2
    assert b"".join(chunks) == whole
