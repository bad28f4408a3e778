"""File exports built from jtwg's services (Word, Excel, calendar); plain Python, no streamlit."""
