"""Third-party GraphQL clients run against a target: real Wiki.js client libraries from PyPI and
the GraphQL libraries (graphql-core, graphql-js) that clients build their schemas with.

Each package is installed in a directory of its own (several share the import name ``wikijs``)
and run in a subprocess with only that directory in front of its path; see :mod:`clients.install`.
"""
