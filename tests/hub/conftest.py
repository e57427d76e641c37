"""A real JupyterHub for the class, built once per session (tests/hub).

The building blocks live in tests/support/hub_machine.py (benchmarks/hub_scale.py uses the same):

``hub_env``: a Python environment made from ``/usr/bin/python3`` in a temporary folder under
/opt that every user can read, with jupyterhub, nbgrader, notebook, jupyterlab and a wheel of
this project, plus configurable-http-proxy from npm; removed at the end of the session.

``hub``: that environment's JupyterHub on 127.0.0.1 (free ports) with course/jupyterhub_config.py,
an instructor and three students as system users (useradd, unique names), the instructor's
course copy in their home and an exchange folder. At the end the hub, its proxy and every
process of the test users are stopped, the users removed (``userdel -r``) and the folders too.

Skipped only where this machine cannot create users (not root, no useradd/runuser/npm) and
neither CI nor REQUIRE_BROWSER is set; failing otherwise.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from support.capability import unavailable
from support.hub_machine import (
    Hub,
    cannot_create_users,
    hub_environment,
    run,
    running_hub,
    system_users,
    unique_tag,
    work_folder,
)

MEASUREMENTS: dict[str, object] = {}


@pytest.fixture(scope="session")
def hub_machine():
    reason = cannot_create_users()
    if reason:
        unavailable(f"hub tests cannot run here: {reason}")


@pytest.fixture(scope="session")
def hub_env(hub_machine):
    """(environment folder, configurable-http-proxy program), built once per session."""
    with hub_environment(measurements=MEASUREMENTS) as built:
        yield built


@pytest.fixture(scope="session")
def hub(hub_env) -> Hub:
    env, proxy = hub_env
    tag = unique_tag()
    instructor = f"rtc{tag}i"
    students = [f"rtc{tag}s{number}" for number in (1, 2, 3)]
    with contextlib.ExitStack() as stack:  # left in reverse: hub, users, folder
        workdir = stack.enter_context(work_folder())
        stack.enter_context(system_users([instructor, *students]))
        from grading.course_factory import copy_course

        course = copy_course(Path("/home") / instructor / "course")
        run("chown", "-R", f"{instructor}:{instructor}", str(course))
        course.chmod(0o700)
        # The exchange belongs to the instructor; nbgrader's release sets the permissions it needs
        # (the course's inbound write-only for students, its feedback traverse-only).
        yield stack.enter_context(running_hub(env, proxy, workdir, students=students, instructor=instructor,
                                              course=course, measurements=MEASUREMENTS))


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.write_sep("-", "hub measurements")
        for key, value in MEASUREMENTS.items():
            terminalreporter.write_line(f"{key}: {value}")
