"""Documents attached to records (progress reports, agenda items): one check of what is accepted, shared by every
app that keeps attachments. A file is accepted when it is not empty, within the size limit, its name ends in an
accepted type and its first bytes are what that type's files start with (a renamed program is refused)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yhteiso.core import formatting

#: Largest attachment accepted by default (bytes).
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
#: Accepted attachment types: file name ending → (content type, how the file's first bytes must look).
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}


def megabytes(size: int) -> str:
    return _("%(n)s MB") % {"n": formatting.number(Decimal(size) / Decimal(1024 * 1024), decimals=1)}


def attachment_name(name: str) -> str:
    """The file's own name without any folder a browser may send, at most 200 characters."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "liite"


def attachment_type(name: str, content: bytes) -> str:
    """The content type of an acceptable attachment, or a ValidationError on ``file`` saying what is wrong."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted({k.upper() for k in ATTACHMENT_TYPES if k != "jpeg"}))
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("The file “%(name)s” is not of an accepted type. Accepted types: "
                                         "%(types)s.") % {"name": name, "types": allowed}})
    content_type, signatures = ATTACHMENT_TYPES[ext]
    if signatures is None:
        ok = b"\x00" not in content[:65536]
        if ok:
            try:
                content.decode("utf-8")
            except UnicodeDecodeError:
                ok = False
    else:
        ok = content.startswith(signatures)
    if not ok:
        raise ValidationError({"file": _("The file “%(name)s” does not look like a %(type)s file: its content "
                                         "does not match its name.") % {"name": name, "type": ext.upper()}})
    return content_type


def attachment_checked(name: str, content: bytes, *, max_bytes: int = ATTACHMENT_MAX_BYTES) -> tuple[str, str]:
    """``(clean name, content type)`` of an acceptable attachment, or a ValidationError on ``file`` naming the file
    when it is empty, larger than ``max_bytes``, of a type not in :data:`ATTACHMENT_TYPES` or not what its name
    says."""
    name = attachment_name(name)
    if not content:
        raise ValidationError({"file": _("The file “%(name)s” is empty.") % {"name": name}})
    if len(content) > max_bytes:
        raise ValidationError({"file": _("The file “%(name)s” is too large (%(size)s); the largest accepted is "
                                         "%(limit)s.") % {"name": name, "size": megabytes(len(content)),
                                                          "limit": megabytes(max_bytes)}})
    return name, attachment_type(name, content)


class StoredAttachment(models.Model):
    """The fields every kept attachment has (the record it belongs to is the subclass's foreign key). Kept in the
    database, size-limited, so that every server behind a load balancer sees it and a failed save leaves nothing
    behind."""

    name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("file type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    content = models.BinaryField(gettext_lazy("content"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("uploaded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
