"""The reliability campaign of the mocks (issue 11): fuzzing, ``kill -9`` crash safety and concurrency.

Each campaign is a repeatable command (``python -m reliability fuzz|crash|concurrency``) that
drives a real mock process over HTTP and writes its figures to a JSON file; the ``reliability``
tox env runs a bounded version and fails when a goal is missed.
"""
