"""`python -m game` runs the `civic-quiz` command."""

import sys

from .cli import main

sys.exit(main())
