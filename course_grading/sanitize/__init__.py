"""Before any student code runs: repeated or deleted graded cells, edited tests and metadata."""
