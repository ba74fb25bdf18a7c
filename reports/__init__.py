"""Report builders: every format is a writer of the same stream of test outcome events."""
