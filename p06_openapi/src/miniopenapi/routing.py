"""`APIRoute`: a minirouter `Route` whose endpoint takes typed parameters, not a `Request`.

Everything that depends only on the code happens in `__init__`: the signature is analysed
(minidi solves the dependency graph, `analysis.classify` turns plain parameters into leaves
with compiled validators), the response model gets its adapter. Per request, `make_app`'s
handler does three things only: read and validate every leaf (`read_inputs`, which collects
*all* errors into one `RequestValidationError`), run the graph, serialize the result.

The route also carries the operation's documentation (tags, summary, responses...) that
`openapi.get_openapi` reads; p07 builds its app on exactly this class.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Collection, Hashable, Mapping, Sequence
from contextlib import AsyncExitStack
from typing import Any, Protocol

from miniasgi import BackgroundTasks, HTTPConnection, JSONResponse, Request, Response, run_in_threadpool
from miniasgi.types import ASGIApp, Receive, Scope, Send
from minidi import Depends, Graph, Kind, Node, Overrides
from minirouter import Route, compile_path

from miniopenapi.analysis import EndpointSignature, analyze
from miniopenapi.encoders import IncEx
from miniopenapi.errors import RequestValidationError
from miniopenapi.inputs import read_inputs, refuse, validate_inputs
from miniopenapi.serialize import DumpOptions, Serializer, serializer, without_body

_MISSING: Any = object()
SPECIAL_TYPES = (Request, HTTPConnection, Response, BackgroundTasks)
"""What an endpoint or a dependency can ask for by type alone: the request (as a `Request`,
or as the `HTTPConnection` it shares with websockets), a response to set headers, cookies or
the status on (merged into the one sent), the background tasks. (minidi supplies
`SecurityScopes` itself.)"""


class OverridesProvider(Protocol):
    """Anything with a `dependency_overrides` mapping (FastAPI's application is one): read on
    every request, so a test can swap a dependency on a running app."""

    @property
    def dependency_overrides(self) -> Overrides: ...


class APIRoute(Route):
    """An endpoint with typed parameters, a response model and OpenAPI metadata.

    `response_model` defaults to the return annotation (pass `None` to switch it off); a
    returned `Response` is sent as it is. `responses` adds documented answers:
    `{404: {"description": "No such user", "model": Message}}`. `dependencies` run before
    the endpoint, for their effect (`[Depends(verify_token)]`); `response_class` renders
    the result (JSONResponse by default); the `response_model_*` options shape its dump.
    """

    name: str
    signature: EndpointSignature
    _serialize: Serializer

    def __init__(
        self,
        path: str,
        endpoint: Callable[..., Any],
        *,
        methods: Collection[str] | None = None,
        name: str | None = None,
        response_model: Any = _MISSING,
        status_code: int | None = None,
        tags: Sequence[str] | None = None,
        dependencies: Sequence[Depends] | None = None,
        summary: str | None = None,
        description: str | None = None,
        response_description: str = "Successful Response",
        responses: Mapping[int | str, Mapping[str, Any]] | None = None,
        deprecated: bool | None = None,
        operation_id: str | None = None,
        include_in_schema: bool = True,
        response_class: type[Response] = JSONResponse,
        response_model_include: IncEx | None = None,
        response_model_exclude: IncEx | None = None,
        response_model_by_alias: bool = True,
        response_model_exclude_unset: bool = False,
        response_model_exclude_defaults: bool = False,
        response_model_exclude_none: bool = False,
        openapi_extra: Mapping[str, Any] | None = None,
        special_types: Sequence[type] = SPECIAL_TYPES,
        dependency_overrides_provider: OverridesProvider | None = None,
    ) -> None:
        self.response_model = _return_annotation(endpoint) if response_model is _MISSING else response_model
        self.status_code = status_code
        self.tags = list(tags or [])
        self.dependencies = list(dependencies or [])
        self.summary = summary
        self.description = description if description is not None else _docstring(endpoint)
        self.response_description = response_description
        self.responses = dict(responses or {})
        self.deprecated = deprecated
        self.operation_id = operation_id
        self.response_class = response_class
        self.dump_options = DumpOptions(
            include=response_model_include,
            exclude=response_model_exclude,
            by_alias=response_model_by_alias,
            exclude_unset=response_model_exclude_unset,
            exclude_defaults=response_model_exclude_defaults,
            exclude_none=response_model_exclude_none,
        )
        self.openapi_extra = dict(openapi_extra) if openapi_extra is not None else None
        self.special_types = tuple(special_types)
        self.dependency_overrides_provider = dependency_overrides_provider
        self.operation_methods = [method.upper() for method in methods or ["GET"]]
        self.path_format = compile_path(path).format
        super().__init__(
            path, endpoint, methods=self.operation_methods, name=name, include_in_schema=include_in_schema
        )
        # Exactly the declared methods, as FastAPI's APIRoute: no HEAD added for a GET (a plain
        # Route answers HEAD too; a FastAPI user sees 405 here, and so does ours).
        self.methods = frozenset(self.operation_methods)

    def make_app(self, endpoint: Callable[..., Any]) -> ASGIApp:
        """Analyse the endpoint once, and return the lean per-request handler.

        The handler runs only the steps this route needs, decided here: no inputs, no
        reading (not even a `Request`, unless the endpoint asks for one); no dependencies,
        no graph (the endpoint is called directly); no `yield` dependency, no exit stack;
        no special object nobody asked for. Overrides, when a test installs some, take a
        slower path that solves the overridden graph (once per set of overrides).
        """
        paths = self.compiled.convertors.keys()
        self.signature = signature = analyze(endpoint, paths, self.special_types, self.dependencies)
        self._serialize = serializer(self.response_model, self.response_class, self.dump_options)
        overridden: dict[int, ASGIApp] = {}

        def overridden_handler(overrides: Overrides) -> ASGIApp:
            graph = signature.graph.with_overrides(overrides)  # the same object while they last
            handler = overridden.get(id(graph))
            if handler is None:
                overridden.clear()
                handler = overridden[id(graph)] = self._handler(EndpointSignature.from_graph(graph))
            return handler

        return self._handler(signature, overridden_handler)

    def _handler(
        self, signature: EndpointSignature, overridden: Callable[[Overrides], ASGIApp] | None = None
    ) -> ASGIApp:
        """The handler for one signature. With `overridden`, it first asks the provider for
        overrides (a test's), and hands a request made while there are some to their handler:
        one check here costs less than a wrapper around every request."""
        provider = self.dependency_overrides_provider if overridden is not None else None
        graph = signature.graph
        reads = signature.validates_input
        wanted = graph.special_types
        wants_connection = HTTPConnection in wanted
        needs_request = reads or Request in wanted or wants_connection
        wants_tasks, wants_response = BackgroundTasks in wanted, Response in wanted
        root = graph.root
        direct = not root.dependencies and not root.scopes_params  # minidi supplies the scopes
        call = _direct_call(root) if direct else _graph_call(graph)
        respond, tears_down = self.respond, graph.tears_down

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            if provider is not None and provider.dependency_overrides:
                assert overridden is not None, "a provider comes with its handler maker"
                await overridden(provider.dependency_overrides)(scope, receive, send)
                return
            values: dict[Hashable, Any] = {}
            specials: dict[type, Any] = {}
            if needs_request:
                request = specials[Request] = Request(scope, receive)
                if wants_connection:
                    specials[HTTPConnection] = request
            if wants_tasks:
                specials[BackgroundTasks] = BackgroundTasks()
            if wants_response:
                specials[Response] = Response(status_code=0)  # 0: "not set"; no headers yet
            if reads:
                values, errors, body = await validate_inputs(request, signature)
                if errors:
                    await refuse(graph, values, specials, RequestValidationError(errors, body=body))
            if tears_down:  # the teardowns run once the response has been sent, as in FastAPI
                async with AsyncExitStack() as stack:
                    result = await graph.run(leaf_values=values, specials=specials, stack=stack)
                    await respond(result, specials)(scope, receive, send)
            else:
                result = await call(values, specials)
                await respond(result, specials)(scope, receive, send)

        if not signature.form_body:
            return app

        async def form_app(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                await app(scope, receive, send)
            finally:  # the form's uploaded files, once the response has been sent
                await Request(scope, receive).close()

        return form_app

    def respond(self, result: Any, specials: Mapping[type, Any]) -> Response:
        """The response for the endpoint's result, with what it set on the specials: the
        status and headers of its `Response` parameter, its background tasks."""
        returned = isinstance(result, Response)
        response = result if returned else self.serialize(result)
        if specials:
            given: Response | None = specials.get(Response)
            if given is not None and not returned:  # a returned Response is sent as it is
                if given.status_code:
                    response.status_code = given.status_code
                    without_body(response)
                response.raw_headers.extend(given.raw_headers)
            tasks: BackgroundTasks | None = specials.get(BackgroundTasks)
            if tasks is not None and response.background is None:
                response.background = tasks
        return response

    def serialize(self, result: Any) -> Response:
        """The endpoint's return value as a response, shaped (and checked) by the response
        model, with the route's status code."""
        return self._serialize(result, self.status_code or 200)


Call = Callable[[dict[Hashable, Any], dict[type, Any]], Awaitable[Any]]


def _direct_call(root: Node) -> Call:
    """An endpoint without dependencies needs no graph run: its arguments come straight from
    the validated values and the special objects, and it is called as minidi would call it."""
    leaves = [(param.name, param.leaf) for param in root.leaves]
    specials = [(param.name, param.type) for param in root.specials]
    endpoint, awaited, threaded = root.call, root.kind is Kind.ASYNC, root.kind is Kind.SYNC

    async def call(values: dict[Hashable, Any], objects: dict[type, Any]) -> Any:
        kwargs = {}
        for name, leaf in leaves:
            kwargs[name] = values[leaf]
        for name, special in specials:
            kwargs[name] = objects[special]
        if awaited:
            return await endpoint(**kwargs)
        if threaded:
            return await run_in_threadpool(endpoint, **kwargs)
        return endpoint(**kwargs)  # a generator endpoint: its iterator, as minidi hands it back

    return call


def _graph_call(graph: Graph) -> Call:
    """An endpoint with dependencies, none of which yields: the graph runs with no exit stack."""

    async def call(values: dict[Hashable, Any], objects: dict[type, Any]) -> Any:
        return await graph.run(leaf_values=values, specials=objects, stack=None)

    return call


def _return_annotation(endpoint: Callable[..., Any]) -> Any:
    annotation = inspect.signature(endpoint, eval_str=True).return_annotation
    if annotation is inspect.Signature.empty or annotation is None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Response):
        return None
    return annotation


def _docstring(endpoint: Callable[..., Any]) -> str | None:
    """The docstring, cleaned; text after a form feed is for developers, not the docs."""
    doc = inspect.getdoc(endpoint)
    return doc.split("\f")[0].strip() or None if doc else None


__all__ = ["SPECIAL_TYPES", "APIRoute", "OverridesProvider", "read_inputs"]
