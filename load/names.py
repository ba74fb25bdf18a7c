"""Names a load run gives to what it writes, shared by the locustfiles, the runner and the tests
(this module imports no Locust: importing Locust patches the process with gevent)."""

REFUSED_AS_DOCUMENTED = "{} [refused as documented]"
"""Locust's name for a request the server refused as its rate-limit rule says: the check provokes
these on purpose, so Locust's own tables and HTML count them apart, as successes, not failures."""
CONSOLE_LOG = "locust-console.log"
"""Locust's periodic tables, kept in the run's directory instead of the console."""
