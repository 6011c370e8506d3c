"""The request's containers: miniasgi's, as FastAPI's are Starlette's.

`UploadFile` is miniasgi's with the two class hooks minipydantic asks a type that is not a
model (FastAPI's adds Pydantic's to Starlette's the same way): a parameter or field annotated
`UploadFile` accepts an uploaded file and nothing else, and the OpenAPI document describes it
as a string of bytes.
"""

from __future__ import annotations

from typing import Any

from miniasgi.datastructures import URL, Address, FormData, Headers, QueryParams, State
from miniasgi.datastructures import UploadFile as ASGIUploadFile
from minipydantic import PlainValidator

__all__ = ["URL", "Address", "FormData", "Headers", "QueryParams", "State", "UploadFile"]

_BINARY = {"type": "string", "contentMediaType": "application/octet-stream"}


class UploadFile(ASGIUploadFile):
    """A file uploaded in a multipart form: declare a parameter `file: UploadFile`.

    The form parser makes miniasgi's UploadFile; any of those validates (this class adds only
    the hooks), as FastAPI's validates Starlette's. Read it with `await file.read()`, or, in a
    plain `def` endpoint (which runs in a worker thread), with `file.file.read()`.
    """

    __slots__ = ()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> PlainValidator:
        raise NotImplementedError(
            "Milestone 6: return minipydantic's validator for this type: it accepts any "
            "miniasgi UploadFile as it is (the form parser makes those), anything else is an "
            'error ("Expected UploadFile, received: <its type>")'
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        raise NotImplementedError(
            "Milestone 6: return the JSON Schema FastAPI writes for an uploaded file: a string "
            "whose contentMediaType is application/octet-stream (a fresh dict each time)"
        )
