"""``python -m mock_server``: see :mod:`mock_server.cli`."""

import sys

from mock_server.cli import main

sys.exit(main())
