"""Hypothesis profiles: "thorough" in CI, "quick" for a hurried `make test`, "default" otherwise.

Choose one with HYPOTHESIS_PROFILE (CI=true picks "thorough"). Each property test names its normal
budget of examples through examples(), which the profile scales.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SCALES = {"thorough": 2.0, "default": 1.0, "quick": 0.2}
for _name in SCALES:
    settings.register_profile(_name, deadline=None, print_blob=_name == "thorough",
                              suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("thorough" if os.environ.get("CI") else
                                                   "default")
if PROFILE not in SCALES:
    raise SystemExit(f"HYPOTHESIS_PROFILE must be one of {', '.join(SCALES)}, not {PROFILE!r}")
settings.load_profile(PROFILE)


def examples(budget: int) -> int:
    """The number of examples for a property test whose normal budget is budget."""
    return max(5, round(budget * SCALES[PROFILE]))
