"""Per-client-address limits checked inside views, so a refused request can keep its form.

Flask-Limiter's decorator answers 429 before the view runs, which would throw away what a
worker typed. These helpers use the same limiter storage (memory, or Redis when
``REDIS_URL`` is set) and the same ``RATELIMIT_*`` settings. The address is hashed with the
secret key first, so the storage never holds client addresses.
"""

from __future__ import annotations

from flask import current_app
from limits import parse as parse_limit

from ..extensions import client_address_key, limiter
from ..rules import N_

# Every public request that makes us decode a file or store text (the complaint form with a
# file, the tracking page's upload and reply, the API's attachments and messages) counts
# here, valid or not: refusing a bad file still costs the server the work of reading it.
PUBLIC_UPLOADS = "RATELIMIT_PUBLIC_UPLOADS"
UPLOADS_SCOPE = "uploads"
FILES_REFUSED = N_("Terlalu banyak berkas dari jaringan Anda dalam satu jam. Tunggu sebentar, "
                   "lalu pilih berkasnya lagi.")
MESSAGES_REFUSED = N_("Terlalu banyak kiriman dari jaringan Anda dalam satu jam. Pesan Anda "
                      "masih di sini: tunggu sebentar lalu kirim lagi.")


def client_key() -> str:
    return client_address_key()


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True)) and limiter.enabled


def allowed(setting: str, scope: str) -> bool:
    """Whether one more request fits the limit in ``app.config[setting]`` (nothing counted)."""
    if not _enabled():
        return True
    return limiter.limiter.test(parse_limit(current_app.config[setting]), scope, client_key())


def count(setting: str, scope: str) -> None:
    if _enabled():
        limiter.limiter.hit(parse_limit(current_app.config[setting]), scope, client_key())


def take(setting: str, scope: str) -> bool:
    """Count one request and say whether it was within the limit."""
    if not _enabled():
        return True
    return limiter.limiter.hit(parse_limit(current_app.config[setting]), scope, client_key())


def take_upload() -> bool:
    """Count one public upload or message from this address; False once over the limit."""
    return take(PUBLIC_UPLOADS, UPLOADS_SCOPE)
