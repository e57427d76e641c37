"""nbgrader configuration for the course "running-technique".

nbgrader reads this file whenever a command runs from this folder (``nbgrader ...``,
the formgrader started from here, and ``python -m course_grading.batch``). The
course's hardening lives in the package ``course_grading`` as tested modules; this file only
switches them on, so the plain commands and the formgrader grade exactly like the
batch entry point does. See README.md (the instructor's guide) for the workflow.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# --- course ----------------------------------------------------------------------------
c.CourseDirectory.course_id = "running-technique"
# The course root is this file's folder; ``--CourseDirectory.root=...`` on the command line
# overrides it. The grading plugins take every path (flags, records, source notebooks) from it.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Gradebook. sqlite (course/gradebook.db) suits one grader at a time. For several graders
# working at once use a shared Postgres database (`pip install psycopg2-binary`); keep the
# password out of this file:
#   export RUNNING_COURSE_DB_URL=postgresql://nbgrader:PASSWORD@db.example.org/running_technique
# The first nbgrader command creates the tables; `nbgrader db upgrade` is only for a gradebook
# made by an older nbgrader.
if os.environ.get("RUNNING_COURSE_DB_URL"):
    c.CourseDirectory.db_url = os.environ["RUNNING_COURSE_DB_URL"]

# Everything nbgrader logs also goes to this file, so a batch's problems can be read later.
c.NbGrader.logfile = os.path.join(c.CourseDirectory.root, "nbgrader.log")

# --- exchange (release / fetch / submit / collect) --------------------------------------
# On a shared server the default /srv/nbgrader/exchange must exist and be writable by all
# (chmod 777). Set RUNNING_COURSE_EXCHANGE to use another folder, e.g. for a dry run.
c.Exchange.root = os.environ.get("RUNNING_COURSE_EXCHANGE", "/srv/nbgrader/exchange")
# Refuse a submission that lacks a released notebook (a renamed or deleted notebook).
c.ExchangeSubmit.strict = True

# Without an exchange (an LMS, e-mail): name returned files "<student_id>--<notebook>.ipynb",
# put them (or zips of them) in downloaded/<assignment>/archive/ and run `nbgrader zip_collect`.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/]+?)--(?P<file_id>[^/]+\.ipynb)$"

# --- generating assignments ------------------------------------------------------------
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# --- executing student code -----------------------------------------------------------
# About 10 s per cell: every cell of the assignments runs in well under a second, so only a
# loop that never ends hits this. nbgrader interrupts the cell and goes on with the next.
c.Execute.timeout = 10
c.Execute.interrupt_on_timeout = True
# Memory a grading kernel may reserve (address space), in MiB; a cell that asks for more
# gets a MemoryError instead of exhausting the machine.
c.ResilientExecute.memory_limit_mib = int(os.environ.get("RUNNING_COURSE_KERNEL_MEMORY_MIB", "2048"))
# Student code runs in the grading sandbox (see README: "Student code runs in a sandbox"):
# "auto" flags a submission `unsandboxed` where this machine cannot sandbox, "require" refuses to grade.
c.ResilientExecute.sandbox = os.environ.get("RUNNING_COURSE_SANDBOX", "auto")
# Largest text output kept per cell (characters), on top of nbgrader's line limit.
c.LimitOutputSize.max_chars = 20_000

# --- autograding: hardening from course_grading ----------------------------------------
# Grade cells that a learner deleted are put back, so a submission is graded instead of
# failed (RestoreDeletedCells below does it first, robustly; this is nbgrader's own net).
c.OverwriteCells.add_missing_cells = True
# An unreadable notebook (invalid or truncated JSON) is graded as an empty one and flagged.
c.Autograde.exporter_class = "course_grading.intake.reading.TolerantNotebookExporter"
# A notebook submitted under another name is graded under the released name and flagged.
c.Autograde.pre_convert_hook = "course_grading.intake.hooks.prepare_submission"
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "course_grading.sanitize.repair.RepairGradedCells",  # duplicated / split graded cells
    "course_grading.sanitize.audit.AuditTestCells",  # edited or deleted test cells are flagged
    "course_grading.sanitize.repair.RestoreDeletedCells",  # put back deleted tests and read-only cells
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "course_grading.sanitize.repair.ClearRestoredSolutions",  # no model answers in restored cells
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "course_grading.execute.execution.ResilientExecute",  # memory bound, survives os._exit
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "course_grading.execute.output_limits.LimitOutputSize",
    "course_grading.record.manual_grades.SaveAutoGradesKeepingReviews",  # keeps manual grades
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# --- feedback ---------------------------------------------------------------------------
# Feedback returned to students leaves out hidden tests, mark schemes and the traceback
# lines that would quote them; the failure message itself stays. To show everything,
# remove "course_grading.feedback.StripHiddenTests" from this list.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "course_grading.feedback.StripHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
