"""Run a function as an unprivileged user, for tests of what a learner's own rights allow.

As root (who writes through mode 0o555) the function runs in a forked child that drops to
user ``nobody``; without root it simply runs.
"""

from __future__ import annotations

import json
import os
import pwd

NOBODY = pwd.getpwnam("nobody").pw_uid


def run_unprivileged(function):
    """``function()`` run by a user who cannot write to root's read-only folders.

    As root (who writes through mode 0o555) it runs in a forked child that drops to user
    ``nobody``; every module it needs must already be imported, because the child may not
    read the interpreter's folders. Returns what the function returned (JSON-able).
    """
    if os.geteuid() != 0:
        return function()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the child)
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = {"value": function()}
        except BaseException as exc:  # report everything to the parent, never run pytest on
            result = {"crash": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(write_end, "w") as pipe:
            json.dump(result, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        result = json.loads(pipe.read() or '{"crash": "no answer from the child"}')
    os.waitpid(child, 0)
    assert "crash" not in result, result["crash"]
    return result["value"]
