"""The degradation rules."""

from __future__ import annotations

from crawler.report.degradation import Thresholds, find_warnings, judge, source_warnings
from crawler.report.history import PastRun

DEFAULT = Thresholds()


def test_a_share_that_jumps_is_flagged():
    assert judge("missing_date", 0.5, 0.0, DEFAULT) == "rose by 0.3 or more"
    assert judge("missing_date", 0.4, 0.1, DEFAULT) == "rose by 0.3 or more"  # exactly the delta
    assert judge("missing_date", 0.35, 0.1, DEFAULT) is None
    assert judge("missing_body", 0.0, 0.9, DEFAULT) is None  # getting better is fine
    assert judge("failure_share", 0.6, 0.05, DEFAULT) == "rose by 0.3 or more"


def test_a_yield_that_falls_is_flagged():
    assert judge("yield", 9.0, 20.0, DEFAULT) == "fell by 50% or more"
    assert judge("yield", 10.0, 20.0, DEFAULT) == "fell by 50% or more"
    assert judge("yield", 11.0, 20.0, DEFAULT) is None
    assert judge("yield", 0.0, 0.0, DEFAULT) is None
    assert judge("yield", 40.0, 20.0, DEFAULT) is None


def test_one_earlier_run_is_enough():
    warnings = source_warnings({"missing_date": (1.0, 5)}, [{"missing_date": (0.0, 5)}], DEFAULT)
    assert warnings == [{"metric": "missing_date", "before": 0.0, "now": 1.0, "runs": 1, "rule": "rose by 0.3 or more"}]


def test_runs_too_small_to_judge_are_left_out():
    assert source_warnings({"missing_date": (1.0, 4)}, [{"missing_date": (0.0, 50)}], DEFAULT) == []
    past = [{"missing_date": (0.9, 3)}, {"missing_date": (0.0, 20)}]  # the newest earlier run is small
    (warning,) = source_warnings({"missing_date": (1.0, 20)}, past, DEFAULT)
    assert warning["before"] == 0.0 and warning["runs"] == 1
    assert source_warnings({"missing_date": (1.0, 20)}, [{"missing_date": (0.0, 4)}], DEFAULT) == []


def test_the_baseline_is_the_median_of_the_last_runs():
    past = [{"missing_date": (value, 10)} for value in (0.9, 0.0, 0.05, 0.0, 0.1, 0.8)]  # newest first
    (warning,) = source_warnings({"missing_date": (0.6, 10)}, past, DEFAULT)
    assert warning["before"] == 0.05 and warning["runs"] == 5  # one odd run does not move it; the 6th is too old
    assert source_warnings({"missing_date": (0.6, 10)}, past, Thresholds(history=1)) == []  # baseline 0.9


def test_warnings_per_source_against_their_own_history():
    history = [
        PastRun("r2", {"a.org": {"missing_date": (0.0, 10)}, "b.org": {"missing_date": (0.9, 10)}}),
        PastRun("r1", {"a.org": {"missing_date": (0.0, 10)}}),
    ]
    current = {"a.org": {"missing_date": (0.7, 10), "yield": (1.0, 10)},
               "b.org": {"missing_date": (0.95, 10)}, "new.org": {"missing_date": (1.0, 10)}}
    found = find_warnings(current, history, DEFAULT)
    assert list(found) == ["a.org"]
    assert found["a.org"][0]["runs"] == 2
