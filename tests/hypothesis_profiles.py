"""Hypothesis profiles for the property tests: bounded and derandomized unless asked otherwise.

``ci`` (the default, used by ``make test``) replays the same examples on every run, so a failure is
reproducible and the suite's time is bounded. ``HYPOTHESIS_PROFILE=long`` explores far more random
examples for a local hunt.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=3000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
