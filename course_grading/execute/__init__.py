"""Running the student's code: a bounded, resilient kernel, pooled kernels, capped output."""
