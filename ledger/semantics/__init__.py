"""The rules of DESIGN.md as code: pure, standard library only.

Periods, dates, values and their intervals, when figures contradict each
other, how a slot's values run over published time, and the checks on what
a person typed. Nothing here knows about storage or events.
"""
