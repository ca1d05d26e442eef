"""infoblokk's command line: `python build.py [build|check|new|serve] --help`."""

import sys

from infoblokk.cli import main

if __name__ == "__main__":
    sys.exit(main())
