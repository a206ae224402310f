"""Flask extensions, created unbound here and attached in create_app through init_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def user_key() -> str:
    """Rate-limit key for what an account does, from whichever address (packs, uploads)."""
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"
