"""What belongs to the learner: the runner profile, the question banks and the self-checks."""
