"""``python -m stance``: the same as the ``stance`` console script."""

from stance.cli import main

raise SystemExit(main())
