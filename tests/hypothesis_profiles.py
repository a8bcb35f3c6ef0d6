"""Hypothesis profiles for every property and fuzz test, registered in one place.

`ci` (the default) keeps the suite fast; `long` is for a run by hand, such as
`HYPOTHESIS_PROFILE=long python -m pytest tests/properties/ tests/source/test_fuzz.py`.
Tests whose examples are expensive (a real consumer each) run a share of the
profile's examples through `examples()`, so `long` scales them too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SUPPRESS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=_SUPPRESS)
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=_SUPPRESS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(share: float) -> settings:
    """Settings running `share` of the loaded profile's examples (at least 5)."""
    loaded = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    return settings(max_examples=max(5, round(loaded.max_examples * share)))
