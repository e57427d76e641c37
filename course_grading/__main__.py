"""``python -m course_grading``: the same as the ``running-course-grade`` command."""

import sys

from .cli import main

sys.exit(main())
