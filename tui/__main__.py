"""Lets `python -m tui` behave exactly like the `casebook` command."""

import sys

from tui.cli import main

sys.exit(main())
