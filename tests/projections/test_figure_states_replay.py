"""Figure states agree with replay: the current figures are those the oracle folds.

``Ledger.figures`` works out each figure's states at a point from the
figures' history (:mod:`ledger.semantics.figure_states`); the oracle folds
the events themselves. At any (as_of, known_at) of a random history, the
figures it calls current, with the value each gave, are exactly the rows the
oracle replays, and asking for one period gives that period's figures.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from test_replay_properties import START, day, history, new_ledger, play, points

from ledger.oracle import read_log, replay_by_folding
from ledger.semantics import clock


def folded_rows(log, as_of: str, known_at) -> list[tuple]:
    return sorted(
        (r.period, r.source, r.figure, r.text)
        for r in replay_by_folding(log, as_of, clock.stamp(known_at))
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=history, checks=points)
def test_the_current_figures_are_the_ones_the_oracle_replays(steps, checks):
    with tempfile.TemporaryDirectory() as folder:
        ledger = new_ledger(folder)
        try:
            moments = play(ledger, steps)
            log = read_log(ledger.app)
            instants = [START + timedelta(minutes=m) for _, m in checks]
            instants += [m - timedelta(microseconds=1) for m in moments] + moments[-1:]
            for offset, _ in checks:
                for instant in instants:
                    every = ledger.figures("stat", as_of=day(offset), known_at=instant)
                    current = sorted(
                        (d.period, d.source, d.figure, d.standing_text) for d in every if d.current
                    )
                    assert current == folded_rows(log, day(offset), instant)
                    for period in {d.period for d in every}:
                        assert ledger.figures("stat", period, day(offset), instant) == [
                            d for d in every if d.period == period
                        ]
        finally:
            ledger.close()
