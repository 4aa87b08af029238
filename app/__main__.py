"""`python -m app` runs the same entry point as the `albumwise` command."""

from app.cli.main import main

raise SystemExit(main())
