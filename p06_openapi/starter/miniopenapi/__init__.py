"""miniopenapi: OpenAPI 3.1 documents from a route table, and the docs pages that show them.

Declare endpoints as `APIRoute`s with typed parameters (`Path`, `Query`, `Header`, `Cookie`,
`Body` markers, models from minipydantic, `Depends` from minidi). Each route analyses its
endpoint once: the same analysis validates requests and writes the documentation.
`get_openapi` (or the caching `OpenAPI`) builds the document; `docs_routes` serves it with
Swagger UI and ReDoc, whose assets ship inside the package.
"""

from miniopenapi.analysis import EndpointSignature, Leaf, analyze
from miniopenapi.applications import APIApp
from miniopenapi.docs import docs_routes, redoc_html, swagger_ui_html
from miniopenapi.errors import (
    EXCEPTION_HANDLERS,
    RequestValidationError,
    ResponseValidationError,
    http_exception_handler,
    request_validation_error_handler,
)
from miniopenapi.openapi import OpenAPI, generate_unique_id, get_openapi
from miniopenapi.params import Body, Cookie, Header, Param, Path, Query
from miniopenapi.routing import APIRoute, read_inputs
from miniopenapi.schemas import REF_PREFIX, SchemaRegistry
from miniopenapi.security import SecurityBase, security_requirements

__all__ = [
    "EXCEPTION_HANDLERS",
    "REF_PREFIX",
    "APIApp",
    "APIRoute",
    "Body",
    "Cookie",
    "EndpointSignature",
    "Header",
    "Leaf",
    "OpenAPI",
    "Param",
    "Path",
    "Query",
    "RequestValidationError",
    "ResponseValidationError",
    "SchemaRegistry",
    "SecurityBase",
    "analyze",
    "docs_routes",
    "generate_unique_id",
    "get_openapi",
    "http_exception_handler",
    "read_inputs",
    "redoc_html",
    "request_validation_error_handler",
    "security_requirements",
    "swagger_ui_html",
]
