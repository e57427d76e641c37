"""course_grading.execute.execution: the memory cap (the pooled, resilient kernel is in test_kernel_pool.py)."""

from __future__ import annotations

import subprocess
import sys

from course_grading.execute.execution import ResilientExecute, memory_limit_argument


def test_the_memory_cap_stops_a_kernel_from_reserving_more():
    code = ("import resource\n" + memory_limit_argument(256).split("=", 1)[1] + "\n"
            "try:\n    bytearray(1024**3)\nexcept MemoryError:\n    print('capped')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "capped"


def test_the_kernel_arguments_carry_the_cap_once():
    executor = ResilientExecute(memory_limit_mib=512)
    arguments = executor.kernel_arguments()
    assert sum("RLIMIT_AS" in a for a in arguments) == 1
    executor.extra_arguments = arguments
    assert sum("RLIMIT_AS" in a for a in executor.kernel_arguments()) == 1


def test_no_cap_when_the_limit_is_zero():
    assert not any("RLIMIT_AS" in a for a in ResilientExecute(memory_limit_mib=0).kernel_arguments())
