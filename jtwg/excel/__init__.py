"""Excel round trip: sheet specs, a reader that names every problem by row and column, a writer, import plans."""
