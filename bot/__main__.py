"""``python -m bot`` runs the same command line as ``newsbot``."""

import sys

from bot.doors.cli import main

sys.exit(main())
