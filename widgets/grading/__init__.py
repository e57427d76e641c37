"""Grading the course's nbgrader assignments robustly.

Modules, in the order a submission meets them:

- ``answers``: form checks the visible tests use (standard library only, safe in a kernel).
- ``flags``: the list of what was flagged for the instructor, and why.
- ``hooks``: per-submission preparation (a renamed notebook is graded under its released name).
- ``reading``: an unreadable notebook is graded as an empty one instead of failing.
- ``repair``: duplicated or split graded cells (one ``grade_id`` twice) are merged or resolved;
  deleted test and read-only cells are put back; restored answers never carry the model answer.
- ``audit``: edited or deleted test cells are flagged (nbgrader restores them).
- ``execution``: a memory-bounded kernel that survives ``os._exit`` and flags timeouts.
- ``kernel_pool``: fresh kernels started ahead of need for the batch (one per submission).
- ``output_limits``: megabytes of output are cut to a readable size.
- ``manual_grades``: a rerun of autograde keeps grades a person already reviewed.
- ``feedback``: hidden tests and mark schemes never reach the returned feedback.
- ``batch``: the resilient, sharded batch entry point with the flagged report.

``import widgets`` never imports this package; only ``answers`` is meant for kernels, and
it imports nothing from nbgrader.
"""
