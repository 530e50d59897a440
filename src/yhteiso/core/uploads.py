"""Uploads within a size limit, enforced while the request body streams in.

:class:`SizeLimitedUploadHandler` is the first of ``FILE_UPLOAD_HANDLERS``: it counts the bytes of every
uploaded file and, past ``YHTEISO_UPLOAD_MAX_BYTES`` (``settings.DATA_UPLOAD_MAX_MEMORY_SIZE``), stops keeping
them: the rest of that file is skipped (read and discarded in chunks, never held in memory or on disk), the file
is left out of ``request.FILES`` and ``request.upload_too_large`` is set so the view can say so in the user's
language. The other form fields (the CSRF token among them) are still parsed."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def upload_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class SizeLimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        if request is not None:
            request.upload_too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_limit():
            if self.request is not None:
                self.request.upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
