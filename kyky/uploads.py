"""An upload handler that keeps a file in memory, never on disk, and drops one over its limit."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload


class InMemoryLimitedUploadHandler(FileUploadHandler):
    """Read each uploaded file into memory up to `limit` bytes; a larger one is dropped and flagged."""

    def __init__(self, request=None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body far larger than the limit is refused before it is read.
        if content_length and content_length > self.limit + 1024 * 1024:
            self.too_large = True

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.too_large:
            raise StopUpload(connection_reset=False)
        self.buffer = io.BytesIO()
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.buffer.tell() + len(raw_data) > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer, self.field_name, self.file_name, self.content_type, file_size, self.charset
        )


def limit_uploads(request, limit: int) -> InMemoryLimitedUploadHandler:
    """Make `request` (a Django HttpRequest) read its files with the handler; call before reading POST/FILES."""
    handler = InMemoryLimitedUploadHandler(request, limit=limit)
    request.upload_handlers = [handler]
    return handler
