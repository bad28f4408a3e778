"""jtwg's Streamlit entry point: sign-in, the group chooser, the pages the user's role there may open, the language switch."""

import streamlit as st

from jtwg.config import load_settings
from jtwg.i18n import t
from jtwg.services import auth
from jtwg.services.permissions import may_open_page
from jtwg.ui.auth import account_box, apply_cookie, current_user
from jtwg.ui.context import current_lang, cursor, enter_group, group_chooser, language_switch, routed

st.set_page_config(page_title="JTWG", page_icon=":material/handshake:", layout="wide")
routed()   # every page checks that it was reached through this file's navigation (see page_context)
# The menu is off in .streamlit/config.toml so that the raw pages/ listing never shows; this navigation's is shown.
st.set_option("client.showSidebarNavigation", True)
# The language chosen in the switch is already in session state when a rerun starts.
lang = current_lang()

try:
    auth.check_configuration(load_settings())
except auth.ConfigurationError as exc:
    st.error(exc.message(lang))
    st.stop()

# Every page, keyed by the name permissions know it by.
PAGES = {
    "overview": st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", url_path="overview", default=True),
    "meetings": st.Page("pages/meetings.py", title=t("nav.meetings", lang), icon=":material/groups:", url_path="meetings"),
    "workplan": st.Page("pages/workplan.py", title=t("nav.workplan", lang), icon=":material/view_timeline:", url_path="workplan"),
    "actions": st.Page("pages/actions.py", title=t("nav.actions", lang), icon=":material/task_alt:", url_path="actions"),
    "mou": st.Page("pages/mou.py", title=t("nav.mou", lang), icon=":material/contract:", url_path="mou"),
    "review": st.Page("pages/review.py", title=t("nav.review", lang), icon=":material/translate:", url_path="review"),
    "settings": st.Page("pages/settings.py", title=t("nav.settings", lang), icon=":material/settings:", url_path="settings"),
    "search": st.Page("pages/search.py", title=t("nav.search", lang), icon=":material/search:", url_path="search"),
    "audit": st.Page("pages/audit.py", title=t("nav.audit", lang), icon=":material/history:", url_path="audit"),
    "email": st.Page("pages/email.py", title=t("nav.email", lang), icon=":material/mail:", url_path="email"),
}
LOGIN = st.Page("pages/login.py", title=t("auth.title", lang), icon=":material/login:", url_path="login")

user = current_user(cursor())
if user is None:
    # Before sign-in only the sign-in page exists: no URL leads to the group's data.
    navigation = st.navigation([LOGIN])
else:
    # The pages are those of the user's role in the group they work in now (roles are held per group).
    entry = enter_group(user)
    actor = entry.actor
    navigation = st.navigation([page for name, page in PAGES.items() if actor and may_open_page(actor, name)]
                               or [PAGES["overview"]])
    group_chooser(entry, lang)
    account_box(user, actor, lang)
language_switch()
if apply_cookie():   # the browser is on its way to the route that sets or deletes the cookie
    st.stop()
navigation.run()
