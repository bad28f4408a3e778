"""Sign-in: the only page before a user is signed in."""

from jtwg.ui.auth import login_page

login_page()
