"""The parameter markers: `Path`, `Query`, `Header`, `Cookie`, `Body`, `Form` and `File`.

A marker says *where* a value comes from and carries what a model field carries (default,
alias, description, examples, constraints), so each one is a `minipydantic.FieldInfo`
subclass: the validator reads the constraints, the OpenAPI builder reads the documentation,
and neither needs to know the other exists. Use them as a default (`q: str = Query("")`) or,
type-checker friendly, inside `Annotated` (`q: Annotated[str, Query(min_length=2)] = ""`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from minipydantic import FieldInfo, Undefined


class Param(FieldInfo):
    """A value read from the request line or headers; subclasses name the location."""

    location: ClassVar[str] = "query"

    def __init__(
        self,
        default: Any = Undefined,
        *,
        default_factory: Callable[[], Any] | None = None,
        alias: str | None = None,
        title: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        json_schema_extra: dict[str, Any] | None = None,
        openapi_examples: dict[str, Any] | None = None,
        gt: float | None = None,
        ge: float | None = None,
        lt: float | None = None,
        le: float | None = None,
        multiple_of: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
    ) -> None:
        super().__init__(
            default=default,
            default_factory=default_factory,
            alias=alias,
            title=title,
            description=description,
            examples=examples,
            deprecated=deprecated,
            json_schema_extra=json_schema_extra,
            gt=gt,
            ge=ge,
            lt=lt,
            le=le,
            multiple_of=multiple_of,
            min_length=min_length,
            max_length=max_length,
            pattern=pattern,
        )
        self.include_in_schema = include_in_schema
        self.openapi_examples = openapi_examples  # named examples, for the document only

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.default!r})"


class Query(Param):
    """From the query string: `?limit=10`. A `list[...]` annotation collects repeated keys."""

    location = "query"


class Path(Param):
    """From the path template: `/users/{user_id}`. Always required: a path has no gaps."""

    location = "path"

    def __init__(self, default: Any = Undefined, **kwargs: Any) -> None:
        if default not in (Undefined, Ellipsis):
            raise ValueError("a path parameter cannot have a default: the path always supplies it")
        super().__init__(**kwargs)


class Header(Param):
    """From a request header. `user_agent` reads `User-Agent` unless `convert_underscores=False`."""

    location = "header"

    def __init__(self, default: Any = Undefined, *, convert_underscores: bool = True, **kwargs: Any) -> None:
        super().__init__(default, **kwargs)
        self.convert_underscores = convert_underscores


class Cookie(Param):
    """From the `Cookie` header, by cookie name."""

    location = "cookie"


class Body(FieldInfo):
    """From the JSON request body.

    One body parameter is the whole body. With `embed=True`, or as soon as an endpoint has
    several, each one becomes a key of a JSON object (`{"user": {...}, "note": "..."}`).
    """

    location: ClassVar[str] = "body"

    def __init__(
        self,
        default: Any = Undefined,
        *,
        embed: bool = False,
        media_type: str = "application/json",
        default_factory: Callable[[], Any] | None = None,
        alias: str | None = None,
        title: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
        deprecated: bool | None = None,
        include_in_schema: bool = True,
        json_schema_extra: dict[str, Any] | None = None,
        openapi_examples: dict[str, Any] | None = None,
        gt: float | None = None,
        ge: float | None = None,
        lt: float | None = None,
        le: float | None = None,
        multiple_of: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        discriminator: str | None = None,
    ) -> None:
        super().__init__(
            default=default,
            default_factory=default_factory,
            alias=alias,
            title=title,
            description=description,
            examples=examples,
            deprecated=deprecated,
            json_schema_extra=json_schema_extra,
            gt=gt,
            ge=ge,
            lt=lt,
            le=le,
            multiple_of=multiple_of,
            min_length=min_length,
            max_length=max_length,
            pattern=pattern,
            discriminator=discriminator,
        )
        self.embed = embed
        self.media_type = media_type
        self.include_in_schema = include_in_schema
        self.openapi_examples = openapi_examples  # named examples, for the document only

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.default!r})"


class Form(Body):
    """From a form body (`application/x-www-form-urlencoded`), read with `request.form()`.

    Each `Form()` parameter is one field of the form, by name; a model declared `Form()` is
    the whole form, one model field per form field (as a `Query()` model is for the query).
    A field that may repeat (`list[str]`) takes every value sent under its name.
    """

    def __init__(
        self,
        default: Any = Undefined,
        *,
        media_type: str = "application/x-www-form-urlencoded",
        **options: Any,
    ) -> None:
        super().__init__(default, media_type=media_type, **options)


class File(Form):
    """An uploaded file of a `multipart/form-data` form: an `UploadFile`, or its `bytes`."""

    def __init__(
        self, default: Any = Undefined, *, media_type: str = "multipart/form-data", **options: Any
    ) -> None:
        super().__init__(default, media_type=media_type, **options)


__all__ = ["Body", "Cookie", "File", "Form", "Header", "Param", "Path", "Query"]
