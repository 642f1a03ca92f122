"""Flask extensions, created unbound and bound in ``create_app`` through ``init_app``."""

import hashlib

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
mail = Mail()
csrf = CSRFProtect()
babel = Babel()


def client_address_key() -> str:
    """The client address, hashed with the secret key: rate-limit storage (memory or Redis)
    never holds addresses, and a leaked Redis dump cannot be matched to a person's IP."""
    secret = current_app.config["SECRET_KEY"]
    return hashlib.sha256(f"{secret}:{get_remote_address()}".encode()).hexdigest()[:32]


# The storage URI and default limits come from app.config (RATELIMIT_*).
limiter = Limiter(key_func=client_address_key)
