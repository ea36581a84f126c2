"""Uploads are kept only up to the image size limit.

Django streams an upload to a temporary file whatever its size; this handler
stops keeping a file's bytes once it passes IMAGES_MAX_BYTES and hands the view
an ``OversizedUpload`` that knows the file's name and true size but holds none
of it, so intake refuses it ("This file is 30 MB…") without reading anything,
and the other files of the same request are kept.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class OversizedUpload(UploadedFile):
    """A file past the limit: its name and size, none of its bytes."""

    def __init__(self, name, content_type, size, charset, content_type_extra):
        super().__init__(io.BytesIO(), name, content_type, size, charset, content_type_extra)


class CappedUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if not self.oversized and self.received > settings.IMAGES_MAX_BYTES:
            self.oversized = True
            self.file.truncate(0)  # give the disk back at once
        if self.oversized:
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        if not self.oversized:
            return super().file_complete(file_size)
        self.file.close()
        return OversizedUpload(self.file_name, self.content_type, self.received, self.charset,
                               self.content_type_extra)
