"""Domain services: the rules and read models that pages, the CLI and tests share."""
