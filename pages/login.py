"""Sign-in: the only page before a user is signed in."""

from jtwg.ui.auth import login_page
from jtwg.ui.context import through_app

through_app()
login_page()
