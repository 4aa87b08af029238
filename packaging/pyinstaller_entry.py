"""Entry point of the PyInstaller bundle: the same `albumwise` command as the pip install."""

from app.cli.main import main

raise SystemExit(main())
