"""Getting a submission into a gradable shape: renamed notebooks, unreadable files."""
