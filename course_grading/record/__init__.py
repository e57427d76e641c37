"""What the instructor reads afterwards: the flags, and reviewed grades kept across reruns."""
