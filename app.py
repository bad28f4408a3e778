"""jtwg's Streamlit entry point: page config, language switch, and every page registered with st.navigation."""

import streamlit as st

from jtwg.i18n import t
from jtwg.ui.context import current_lang, language_switch

st.set_page_config(page_title="JTWG", page_icon=":material/handshake:", layout="wide")
# The language chosen in the switch is already in session state when a rerun starts.
lang = current_lang()

PAGES = [
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/meetings.py", title=t("nav.meetings", lang), icon=":material/groups:", url_path="meetings"),
    st.Page("pages/workplan.py", title=t("nav.workplan", lang), icon=":material/view_timeline:", url_path="workplan"),
    st.Page("pages/actions.py", title=t("nav.actions", lang), icon=":material/task_alt:", url_path="actions"),
    st.Page("pages/mou.py", title=t("nav.mou", lang), icon=":material/contract:", url_path="mou"),
    st.Page("pages/settings.py", title=t("nav.settings", lang), icon=":material/settings:", url_path="settings"),
    st.Page("pages/search.py", title=t("nav.search", lang), icon=":material/search:", url_path="search"),
]

navigation = st.navigation(PAGES)
language_switch()
navigation.run()
