"""From an endpoint's return value to the response FastAPI would send, decided per route.

Without a response model the value goes through `jsonable_encoder`. With one, it is
validated against the model (a server bug if it does not fit: `ResponseValidationError`,
a 500) and dumped as the *declared* type, so fields the model does not declare never leak
(`UserInDB` returned as `UserOut` loses its password). The route's dump options
(`response_model_exclude_unset`...) apply to that dump.

What can be skipped is skipped, only where it cannot change the answer: an instance of
exactly the model, holding no other model, was validated when it was built, and FastAPI
would dump it unchanged, so it is dumped as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from miniasgi import Response
from minipydantic import BaseModel

from miniopenapi.encoders import IncEx

NO_BODY_STATUSES = frozenset({204, 205, 304})
"""With 1xx, the statuses whose response carries no content (FastAPI's rule)."""


@dataclass(frozen=True)
class DumpOptions:
    """FastAPI's `response_model_*` options: how the validated value is dumped. (The fields
    are complete: a data class.)"""

    include: IncEx | None = None
    exclude: IncEx | None = None
    by_alias: bool = True
    exclude_unset: bool = False
    exclude_defaults: bool = False
    exclude_none: bool = False

    def dump(self, model: BaseModel) -> dict[str, Any]:
        """A model as the JSON FastAPI sends for it with these options."""
        raise NotImplementedError(
            "return the model as JSON-ready data (its JSON mode), with every one of these options "
            "applied: the fields to include or exclude, by alias or not, without the unset, "
            "default or None ones when asked"
        )


Serializer = Callable[[Any, int], Response]


def serializer(
    response_model: Any, response_class: type[Response], options: DumpOptions = DumpOptions()
) -> Serializer:
    """How a route turns `(result, status)` into its response; chosen once, from its declaration."""
    raise NotImplementedError(
        "return a function (result, status) -> response_class(content, status_code=status), "
        "chosen once for this response model. Without a model, content is jsonable_encoder(result). "
        "With one, the result is validated and dumped as the declared type with the options "
        "(fields the model does not declare are dropped; a model result keeps which fields "
        "were set); an instance of exactly the model, holding no other model, is not validated "
        "again; a result the model rejects raises ResponseValidationError (locs start with "
        '"response"). A status that allows no content sends none'
    )


def without_body(response: Response) -> Response:
    """`response` with its content dropped when its status allows none (1xx, 204, 205, 304)."""
    raise NotImplementedError(
        "return the response, with an empty body and no stale Content-Length (a 205 says 0) "
        "when its status is below 200 or one of NO_BODY_STATUSES; any other response unchanged"
    )


def is_model(tp: Any) -> bool:
    """Whether `tp` is a model class (not an instance, not `list[Model]`)."""
    return isinstance(tp, type) and issubclass(tp, BaseModel)


__all__ = ["NO_BODY_STATUSES", "DumpOptions", "Serializer", "is_model", "serializer", "without_body"]
