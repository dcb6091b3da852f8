"""`python -m frontwire.cli ...`, as the `frontwire` command."""

import sys

from . import main

sys.exit(main())
