"""Lets `python -m jtwg` run the command-line interface."""

from jtwg.cli import main

raise SystemExit(main())
