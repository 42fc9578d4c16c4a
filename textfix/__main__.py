"""`python -m textfix`: the command line."""

from .cli import main

raise SystemExit(main())
