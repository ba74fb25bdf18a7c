"""``python -m gqlconf``: the same as the installed ``gqlconf`` command."""

import sys

from gqlconf.cli import main

sys.exit(main())
