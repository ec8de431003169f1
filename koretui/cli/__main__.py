"""`python -m koretui.cli` runs `kore`."""

import sys

from koretui.cli.main import main

sys.exit(main())
