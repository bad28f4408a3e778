"""jtwg's server: the Streamlit app (app.py) plus the routes that set and clear the HttpOnly session cookie.

Start it with `streamlit run server.py`: Streamlit finds `app` below and serves it with uvicorn, with the
usual options and .streamlit/config.toml. app.py stays the Streamlit script (AppTest runs it directly).
"""

import streamlit as st

from jtwg.ui.session_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
