"""Attachments: type decided by content, photos re-encoded without EXIF, random names on disk.

Nothing the client says about a file is trusted: not its name, not its Content-Type. A PDF
must start with ``%PDF-`` and carry the basic structure (objects, an ``%%EOF`` trailer);
JPEG and PNG of at most 40 megapixels (checked from the header, before decoding) must decode
with Pillow, and are then saved again from the pixels alone, so EXIF (GPS position, phone
model), comments, XMP, ICC profiles and text chunks are gone. PDFs are kept as sent
(metadata included): only staff download them. Files live under ``UPLOAD_DIR``
with random names and are only ever served as downloads (see ``web/public/downloads.py``).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import secrets
import unicodedata
import warnings
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from ..models import Attachment, Complaint, User
from ..rules import N_
from ..rules.access import can_download_attachment
from .audit import case_event

log = logging.getLogger("grievance.attachments")

TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
_CHUNK = 64 * 1024


class UnsupportedFile(DomainError):
    status = 415
    code = "unsupported_media_type"


def max_bytes() -> int:
    return current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024


def read_limited(stream, limit: int | None = None) -> bytes:
    """Read at most ``limit`` bytes; one byte more is a 413, never a truncated file."""
    limit = limit or max_bytes()
    buffer = io.BytesIO()
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise RequestEntityTooLarge()
    return buffer.getvalue()


def _looks_like_pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-") or not re.match(rb"%PDF-\d\.\d", data[:8]):
        return False
    tail = data[-2048:]
    return b"%%EOF" in tail and b" obj" in data and (b"trailer" in data or b"/XRef" in data
                                                     or b"startxref" in tail)


MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels: every phone photo fits; decoding costs ~3-4 bytes a pixel
TOO_LARGE_IMAGE = N_("Gambar terlalu besar (lebih dari 40 megapiksel). Perkecil ukuran foto, "
                     "atau kirim tangkapan layarnya, lalu unggah lagi.")


def _reencode(data: bytes, kind: str) -> bytes:
    """Decode the image and write the pixels again: no EXIF, no comments, no trailing bytes.

    The size in pixels is checked from the header before anything is decoded: a small file can
    declare a huge image (a 2 MB JPEG of 12000x12000 pixels takes about 1.5 GB to decode).
    Nothing of ``image.info`` (JPEG comment, EXIF, XMP, ICC profile, PNG text chunks) is
    written out again: only the pixels (and a PNG's transparency) are saved.
    """
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it: a warning is a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:  # reads the header only
                if probe.format != ("JPEG" if kind == "image/jpeg" else "PNG"):
                    raise UnsupportedFile(N_("Kirim berkas PDF, JPEG atau PNG."))
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:  # before any pixel is decoded
                    raise UnsupportedFile(TOO_LARGE_IMAGE)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                # Keep the photo upright once the orientation tag is gone.
                upright = ImageOps.exif_transpose(image)
                if kind == "image/jpeg" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                # ``upright`` is our own copy: drop everything Pillow would write back from
                # ``info`` (the JPEG comment, the PNG ICC profile), keeping only transparency,
                # which belongs to the pixels.
                transparency = upright.info.get("transparency") if kind == "image/png" else None
                upright.info = {} if transparency is None else {"transparency": transparency}
                out = io.BytesIO()
                if kind == "image/jpeg":
                    upright.save(out, "JPEG", quality=90, optimize=True)
                else:
                    upright.save(out, "PNG", optimize=True)
                return out.getvalue()
    except UnsupportedFile:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnsupportedFile(TOO_LARGE_IMAGE) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise UnsupportedFile(N_("Gambar tidak dapat dibaca. Kirim foto JPEG atau PNG yang utuh.")) from None


def sniff(data: bytes) -> str:
    """The content type the bytes really are, or ``UnsupportedFile``."""
    if data.startswith(b"%PDF-"):
        if _looks_like_pdf(data):
            return "application/pdf"
        raise UnsupportedFile(N_("Berkas PDF ini rusak atau tidak lengkap."))
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    raise UnsupportedFile(N_("Kirim berkas PDF, JPEG atau PNG."))


def safe_name(original: str | None, content_type: str) -> str:
    """A display name only: no directories, no control characters, the real extension."""
    name = unicodedata.normalize("NFC", original or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    stem = os.path.splitext(name)[0]
    stem = re.sub(r"[^\w\- ().]+", "_", stem).strip(" ._") or "berkas"
    return stem[:100] + TYPES[content_type]


def count_for(complaint: Complaint) -> int:
    return db.session.scalar(select(func.count(Attachment.id))
                             .where(Attachment.complaint_id == complaint.id)) or 0


def save(complaint: Complaint, data: bytes, original_name: str | None, *, uploaded_by_kind: str,
         user: User | None = None, message_id: int | None = None, commit: bool = True) -> Attachment:
    """Check, clean and store one file for a case; the caller has already checked access."""
    if len(data) > max_bytes():
        raise RequestEntityTooLarge()
    if not data:
        raise UnsupportedFile(N_("Berkas kosong."))
    if count_for(complaint) >= current_app.config["MAX_ATTACHMENTS"]:
        raise Conflict(N_("Sudah ada %(n)s berkas pada pengaduan ini; itu batasnya."),
                       code="too_many_attachments", n=current_app.config["MAX_ATTACHMENTS"])
    content_type = sniff(data)
    if content_type != "application/pdf":
        data = _reencode(data, content_type)
    stored = secrets.token_hex(16) + TYPES[content_type]
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    attachment = Attachment(
        complaint_id=complaint.id, message_id=message_id, stored_name=stored,
        original_name=safe_name(original_name, content_type), size=len(data),
        content_type=content_type, sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_kind=uploaded_by_kind, uploaded_by_user_id=user.id if user else None)
    db.session.add(attachment)
    try:
        db.session.flush()
        case_event(complaint, "attachment_added", actor=user, actor_kind=uploaded_by_kind,
                   data={"attachment_id": attachment.id})
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    log.info("attachment %s (%s, %s bytes) on complaint %s", attachment.id, content_type,
             attachment.size, complaint.id)
    return attachment


def can_download(user: User | None, complaint: Complaint, attachment: Attachment) -> bool:
    """``rules.access.can_download_attachment``: by who uploaded the file.

    A payslip uploaded by a worker names the worker: nobody gets through a file what the
    identity rules keep from them (the union on a confidential case, an inspector browsing the
    unassigned pool), and staff documents never reach the union.
    """
    return can_download_attachment(user, complaint, attachment.uploaded_by_kind)


def for_download(user: User | None, attachment_id: int) -> tuple[Attachment, Path]:
    """The attachment and its file, if ``user`` may download it; else 404 (existence hidden)."""
    attachment = db.session.get(Attachment, attachment_id)
    complaint = attachment and db.session.get(Complaint, attachment.complaint_id)
    if attachment is None or complaint is None or not can_download(user, complaint, attachment):
        raise NotFound(N_("Berkas tidak ditemukan."))
    path = Path(current_app.config["UPLOAD_DIR"]) / attachment.stored_name
    if not path.is_file():
        log.warning("attachment %s missing on disk", attachment.id)
        raise NotFound(N_("Berkas tidak ditemukan."))
    return attachment, path


def list_for(complaint: Complaint) -> list[Attachment]:
    return list(db.session.scalars(select(Attachment).where(Attachment.complaint_id == complaint.id)
                                   .order_by(Attachment.id)))


# --- files sent with a form that came back with errors ---------------------------------------
# A worker who attached a payslip must not lose it because a date was mistyped: the cleaned
# file waits under UPLOAD_DIR/pending/<hash of the form token> until the complaint is filed.

PENDING_MAX_AGE_SECONDS = 24 * 3600


def _pending_dir(form_token: str) -> Path:
    digest = hashlib.sha256(f"pending:{form_token}".encode()).hexdigest()[:32]
    return Path(current_app.config["UPLOAD_DIR"]) / "pending" / digest


def _sweep_pending() -> None:
    import shutil
    import time

    root = Path(current_app.config["UPLOAD_DIR"]) / "pending"
    if not root.is_dir():
        return
    cutoff = time.time() - PENDING_MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def pending(form_token: str | None) -> list[dict]:
    """Files already accepted for a form not yet filed: ``[{"name", "size", "content_type"}]``."""
    import json

    if not form_token:
        return []
    folder = _pending_dir(form_token)
    if not folder.is_dir():
        return []
    files = []
    for meta in folder.glob("*.json"):
        info = json.loads(meta.read_text())
        info["path"] = folder / info["stored"]
        files.append(info)
    # In the order the worker attached them (stored names are random).
    files.sort(key=lambda info: (info.get("seq", 0), info["stored"]))
    return files


def stash(form_token: str, data: bytes, original_name: str | None) -> dict:
    """Check and clean a file now (errors show at once), keep it until the form is filed."""
    import json

    if len(data) > max_bytes():
        raise RequestEntityTooLarge()
    seq = len(pending(form_token))
    if seq >= current_app.config["MAX_ATTACHMENTS"]:
        raise Conflict(N_("Sudah ada %(n)s berkas pada pengaduan ini; itu batasnya."),
                       code="too_many_attachments", n=current_app.config["MAX_ATTACHMENTS"])
    content_type = sniff(data)
    if content_type != "application/pdf":
        data = _reencode(data, content_type)
    _sweep_pending()
    folder = _pending_dir(form_token)
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16) + TYPES[content_type]
    fd = os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    info = {"stored": stored, "name": safe_name(original_name, content_type), "size": len(data),
            "content_type": content_type, "seq": seq}
    (folder / (stored + ".json")).write_text(json.dumps(info))
    return info


def adopt_pending(complaint: Complaint, form_token: str, *, uploaded_by_kind: str,
                  user: User | None = None) -> list[Attachment]:
    """Attach the waiting files to the filed complaint; a file that no longer fits is dropped."""
    import shutil

    adopted = []
    for info in pending(form_token):
        try:
            adopted.append(save(complaint, info["path"].read_bytes(), info["name"],
                                uploaded_by_kind=uploaded_by_kind, user=user))
        except (DomainError, RequestEntityTooLarge):
            log.warning("pending file dropped for complaint %s", complaint.id)
    shutil.rmtree(_pending_dir(form_token), ignore_errors=True)
    return adopted
