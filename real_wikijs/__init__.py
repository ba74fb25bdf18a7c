"""Bring up a real, unmodified Wiki.js 2.5.314 on loopback and run the suites against it.

The suites' own claims about 2.5.314 (its recorded deviations) are only worth something if they
are checked against the real server now and then; ``tox -e real-wikijs`` does that on demand (it
needs PostgreSQL, node 20 and a few minutes, so it is not part of CI). The modules each do one
step: ``source`` (unpack, install, release-build), ``postgres`` (a database on 127.0.0.1),
``server`` (config, start, stop, wait), ``admin`` (first-run setup and API keys), ``runs`` (the
suite runs and their figures).
"""
