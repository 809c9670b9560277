"""``python -m segutils``: the same command line as the ``segutils`` console script."""

import sys

from segutils.cli import main

if __name__ == "__main__":
    sys.exit(main())
