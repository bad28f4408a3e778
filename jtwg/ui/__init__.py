"""The Streamlit layer: the only part of jtwg that imports streamlit."""
