"""The seed's command, `python benchmark.py --all`: the same as `python -m minibench run --all`."""

import sys

from minibench.cli import main

sys.exit(main(["run", *sys.argv[1:]]))
