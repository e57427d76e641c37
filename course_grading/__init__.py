"""Grading the course's nbgrader assignments robustly: the instructor's side.

This package runs in the instructor's process (nbgrader loads it by the dotted names in
``course/nbgrader_config.py``; ``python -m course_grading.batch`` grades a whole class). It
imports nothing from ``widgets`` and ``widgets`` imports nothing from it: the form checks a
student's kernel runs live in ``widgets.learner.answers``.

Subpackages are named for what they do to a submission, in the order it meets them:

- ``intake``: getting a submission into a gradable shape.
  ``hooks`` (a renamed notebook is graded under its released name; old flags are cleared),
  ``reading`` (an unreadable notebook is graded as an empty one instead of failing).
- ``sanitize``: before any code runs.
  ``repair`` (duplicated or split graded cells, edited metadata, deleted test and read-only
  cells put back, no model answer in a restored cell), ``audit`` (edited or deleted tests flagged).
- ``execute``: running the student's code.
  ``execution`` (memory cap, survives ``os._exit``, flags timeouts), ``kernel_pool`` (fresh
  kernels started ahead of need), ``output_limits`` (megabytes of output cut to a readable size).
- ``record``: what the instructor reads afterwards.
  ``flags`` (what was flagged and why), ``manual_grades`` (a rerun keeps reviewed grades).
- ``feedback``: hidden tests and mark schemes never reach the returned feedback.
- ``batch``: the sharded batch command and its flagged report.

Shared by several steps: ``markers`` (nbgrader's cell markers, one set of patterns) and
``coursedir`` (the course folder, always from nbgrader's ``CourseDirectory.root``).
"""
