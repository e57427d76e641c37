"""A missing capability of the machine: a skip on a laptop, a failure in CI (DESIGN.md section 7).

A test that needs something the machine may lack (a browser, a PostgreSQL server, the right to
create users, the pose extra, the network for the demo clip) calls :func:`unavailable` with the
reason. It skips, so a learner's laptop can run the rest; where ``REQUIRE_BROWSER=1`` or ``CI`` is
set (to anything but empty, ``0`` or ``false``) it fails instead, so CI never passes by skipping.
"""

from __future__ import annotations

import os

import pytest


def required_by() -> str | None:
    """Which setting turns a missing capability into a failure (``REQUIRE_BROWSER=1`` or ``CI``), or None."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        return "REQUIRE_BROWSER=1"
    ci = os.environ.get("CI", "")
    if ci.strip().lower() not in ("", "0", "false"):
        return f"CI={ci}"
    return None


def unavailable(reason: str):
    """Skip with ``reason``, or fail with it where CI requires every test to run."""
    required = required_by()
    if required:
        pytest.fail(f"{required} but {reason}", pytrace=False)
    pytest.skip(reason)
