"""Reading a request's inputs: each leaf's value, from where it lives, validated.

`analysis` decided once where every input of an endpoint lives; here, per request, each
distinct leaf is read and validated once. Path, query, header and cookie values are text (a
`list[...]` leaf takes every value sent under its name). A parameter model gathers its
fields, and the request's other keys (for its `extra` policy), into one dict and validates
it whole. A JSON body is parsed only when the request declares JSON; a form body is read
with `request.form()`, where an empty field counts as not sent.

When every leaf is valid, that is all. Otherwise the errors are listed as FastAPI lists
them: once per use of a leaf, in `signature.validation_order`. A body that cannot even be
parsed stops everything at once: malformed JSON is its one `json_invalid` error, anything
else a 400.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, NamedTuple, NoReturn

from miniasgi import HTTPConnection, Request
from minidi import Graph

from miniopenapi.analysis import EndpointSignature

Errors = list[dict[str, Any]]


class Inputs(NamedTuple):
    """What `validate_inputs` found. A leaf that failed has no value in `values`: that is
    how the graph knows which dependencies can still run (minidi's `run_available`).
    `errors` are in FastAPI's order (none: every leaf is valid); `body` is the body as read
    (decoded JSON, the form, raw bytes; None without one), which a 422 carries along.
    (Complete.)"""

    values: dict[Hashable, Any]
    errors: Errors
    body: Any


async def read_inputs(request: Request, signature: EndpointSignature) -> dict[Hashable, Any]:
    """Every leaf's value, validated; raises one RequestValidationError listing all problems."""
    raise NotImplementedError(
        "return the values `validate_inputs` found, or raise ONE RequestValidationError with "
        "its errors (and the body it read)"
    )


async def validate_inputs(connection: HTTPConnection, signature: EndpointSignature) -> Inputs:
    """Read and validate every leaf once (see `Inputs`). A connection that is not a `Request`
    (a WebSocket's handshake) has no body: its body leaves are not sent."""
    raise NotImplementedError(
        "return Inputs(values, errors, body): each leaf read from its place and validated "
        "(its default when not sent; a parameter model as ONE dict of its fields), each "
        "error's loc starting with (location, name) (a model's: (location,)); the errors "
        "listed once per use of a leaf in `signature.validation_order`. The JSON body's "
        "leaves come in milestone 5, and form bodies with them"
    )


async def refuse(
    graph: Graph, values: Mapping[Hashable, Any], specials: Mapping[type, Any], error: Exception
) -> NoReturn:
    """Answer a connection whose inputs failed validation, in FastAPI's order: first every
    dependency whose own inputs are valid runs (an error it raises, like an authentication
    check's 401, answers instead), then `error` is raised (the 422, or a websocket's 1008).
    A `yield` dependency sees the error at its `yield`."""
    raise NotImplementedError(
        "run the graph's dependencies whose own inputs are valid (minidi's run_available, "
        "with an AsyncExitStack when a dependency yields, so its teardown sees the error), "
        "then raise `error`"
    )


__all__ = ["Inputs", "read_inputs", "refuse", "validate_inputs"]
