"""Kept for notebooks already released to students: ``from widgets.grading.answers import ...``.

The answer helpers now live in :mod:`widgets.learner.answers` (they run in the student's
kernel). The nbgrader plugins and the batch command moved to the sibling package
``course_grading`` (``python -m course_grading.batch``), which runs in the instructor's
process and shares no code with ``widgets``. Nothing else belongs here.
"""
