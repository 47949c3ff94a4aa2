"""``python -m bot.bench PHASE CONFIG [ARG…]``: one measuring phase in this fresh process."""

import sys

from bot.bench.phases import main

raise SystemExit(main(sys.argv[1:]))
