"""One driver per Wiki.js client package: run as ``python -m clients.drivers.NAME URL PATH``."""
