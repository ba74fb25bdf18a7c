"""``python -m mock_server``: see :mod:`mock_server.cli` (on the C allocator: :mod:`mock_server.allocator`)."""

import sys

from mock_server.allocator import use_system_allocator

use_system_allocator()

from mock_server.cli import main  # noqa: E402  # only once the process runs on its final allocator

sys.exit(main())
