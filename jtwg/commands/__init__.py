"""Command modules of the `jtwg` CLI: each defines register(groups) and is found automatically."""
