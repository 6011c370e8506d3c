"""`python -m minibench ...`: see minibench.cli."""

import sys

from minibench.cli import main

sys.exit(main())
