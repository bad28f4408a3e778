"""File exports built from jtwg's services (Word minutes and progress brief); plain Python, no streamlit."""
