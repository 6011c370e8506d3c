"""Solving: from an endpoint's signature to a validated graph, once, at definition time.

The solver reads each callable's signature once and sorts every parameter into one of
three bins, in this order:

1. a dependency (`Depends` in `Annotated` or as the default)  -> a child `Node`;
2. a special type the framework supplies per request (Request, BackgroundTasks ...), or
   `SecurityScopes`, which minidi supplies itself from the scopes that reached this use;
3. whatever the framework's *leaf classifier* claims (p07: "query param q, an int").

Security scopes are a property of the *path*, not of the callable: `get_user` below
`Security(..., scopes=["items"])` is another use than `get_user` below `scopes=["me"]`. So
a callable's solved body is remembered per (callable, scopes that reached it).

A parameter nobody claims, a cycle, or a scope mix-up is a `DependencyDefinitionError` here,
with the chain of callables in the message, so a broken graph never reaches a request.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from minidi.errors import (
    DependencyCycleError,
    DependencyDefinitionError,
    DependencyScopeError,
    UnsuppliedParameterError,
)
from minidi.execute import Plan, execute, execute_available
from minidi.introspect import describe, kind_of, parameters, split_annotated
from minidi.nodes import Kind, LeafParam, Node, Param, SpecialParam
from minidi.overrides import Overrides, apply_overrides
from minidi.params import Depends, Scope, Security, SecurityScopes

LeafClassifier = Callable[[Param], Hashable | None]
"""The framework's hook: describe a parameter it will supply (any hashable object, used as
the key of its value), or return None for "not mine"."""


def _claim_nothing(param: Param) -> None:
    return None


@dataclass(frozen=True, slots=True)
class _Body:
    """What a callable asks for; the same wherever the callable is used, so solved once."""

    kind: Kind
    dependencies: tuple[Node, ...]
    leaves: tuple[LeafParam, ...]
    specials: tuple[SpecialParam, ...]
    scopes_params: tuple[str, ...]
    uses_scopes: bool  # does it take a SecurityScopes, or one below it declare or take scopes?


class Solver:
    """Turns callables into solved graphs for one framework configuration.

    Solved callables are remembered, so a `get_db` used by fifty endpoints (or an override
    installed in fifty tests) has its signature read once.
    """

    def __init__(self, classify: LeafClassifier | None = None, special_types: Iterable[type] = ()) -> None:
        self._classify = classify or _claim_nothing
        self._special_types = tuple(special_types)
        self._bodies: dict[tuple[int, tuple[str, ...]], tuple[Callable[..., Any], _Body]] = {}

    def solve(self, endpoint: Callable[..., Any], dependencies: Sequence[Depends] = ()) -> Graph:
        """Solve and validate the graph below `endpoint`; raise `DependencyDefinitionError`
        if it could never run.

        `dependencies` run before the endpoint's own, for their effect only: their values are
        not passed to it (FastAPI's `dependencies=[Depends(verify_token)]` on a route, a
        router or the application). They are children of the endpoint named ""."""
        root = self.node(endpoint, name="", use_cache=False, scope=None, path=())
        if not dependencies:
            return Graph(root, self)
        extra = []
        for depends in dependencies:
            if depends.dependency is None:
                raise DependencyDefinitionError(
                    "a Depends() in dependencies=[...] needs a callable: there is no annotation to call",
                    _names((endpoint,)),
                )
            call, use_cache, scope = depends.dependency, depends.use_cache, depends.scope
            own = _own_scopes(depends)
            extra.append(
                self.node(call, name="", use_cache=use_cache, scope=scope, path=(endpoint,), own_scopes=own)
            )
        return Graph(dataclasses.replace(root, dependencies=(*extra, *root.dependencies)), self)

    def node(
        self,
        call: Callable[..., Any],
        *,
        name: str,
        use_cache: bool,
        scope: Scope | None,
        path: tuple[Callable[..., Any], ...],
        cache_key: Hashable | None = None,
        scopes: tuple[str, ...] = (),
        own_scopes: Sequence[str] = (),
    ) -> Node:
        """One use of `call`, below the callables in `path` (innermost first). `scopes` are
        the security scopes required above it, `own_scopes` those its `Security` adds.

        `cache_key` defaults to `call` and the scope, like FastAPI's, plus the set of scopes
        when they matter to this use (it declares some, or takes them, or a dependency below
        it does); an override passes the key of the dependency it replaces.
        """
        if own_scopes:
            scopes = tuple(dict.fromkeys((*scopes, *own_scopes)))  # each once, in order
        body = self._body(call, path, scopes)
        computed_scope = scope or ("request" if body.kind.yields else None)
        if cache_key is not None:
            key = cache_key
        elif scopes and (own_scopes or body.uses_scopes):
            key = (call, computed_scope, tuple(sorted(set(scopes))))
        else:
            key = (call, computed_scope)
        if path:  # a dependency, whose result the per-request cache stores under `key`
            _check_hashable(key, (call, *path))
        if body.kind.yields and computed_scope == "request":
            for child in body.dependencies:
                if child.scope == "function":
                    raise DependencyScopeError(
                        f"request-scoped {describe(call)} cannot depend on function-scoped "
                        f"{describe(child.call)}",
                        _names((call, *path)),
                    )
        return Node(
            call=call,
            name=name,
            use_cache=use_cache,
            scope=scope,
            cache_key=key,
            kind=body.kind,
            dependencies=body.dependencies,
            leaves=body.leaves,
            specials=body.specials,
            scopes=scopes,
            scopes_params=body.scopes_params,
        )

    def _body(
        self, call: Callable[..., Any], path: tuple[Callable[..., Any], ...], scopes: tuple[str, ...]
    ) -> _Body:
        cached = self._bodies.get((id(call), scopes))
        if cached is not None:
            return cached[1]
        chain = (call, *path)
        if any(ancestor is call for ancestor in path):
            raise DependencyCycleError(_names(chain))
        dependencies: list[Node] = []
        leaves: list[LeafParam] = []
        specials: list[SpecialParam] = []
        scopes_params: list[str] = []
        uses_scopes = False
        try:
            signature = parameters(call)
        except NameError as exc:  # a string annotation naming something not in scope
            raise DependencyDefinitionError(
                f"cannot resolve annotations of {describe(call)}: {exc}", _names(chain)
            ) from exc
        except (TypeError, ValueError) as exc:  # not callable, or a builtin without a signature
            raise DependencyDefinitionError(
                f"cannot read the signature of {describe(call)}: {exc}", _names(chain)
            ) from exc
        for param, hint in signature:
            if param.kind is param.POSITIONAL_ONLY:
                raise DependencyDefinitionError(
                    f"parameter {param.name!r} of {describe(call)} is positional-only", _names(chain)
                )
            annotation, metadata = split_annotated(hint)
            depends = _depends_marker(param, metadata, chain)
            if depends is not None:
                target = depends.dependency or _class_or_none(annotation)
                if target is None:
                    raise DependencyDefinitionError(
                        f"Depends() on parameter {param.name!r} has no callable and no class annotation",
                        _names(chain),
                    )
                own = _own_scopes(depends)
                child = self.node(
                    target,
                    name=param.name,
                    use_cache=depends.use_cache,
                    scope=depends.scope,
                    path=chain,
                    scopes=scopes,
                    own_scopes=own,
                )
                dependencies.append(child)
                below = self._body(target, chain, child.scopes)  # remembered: node() just solved it
                uses_scopes = uses_scopes or bool(own) or below.uses_scopes
            elif isinstance(annotation, type) and issubclass(annotation, SecurityScopes):
                scopes_params.append(param.name)
                uses_scopes = True
            elif (special := self._special_type(annotation)) is not None:
                specials.append(SpecialParam(param.name, special))
            else:
                described = Param(param.name, annotation, param.default, metadata, call)
                leaf = self._classify(described)
                if leaf is None:
                    raise UnsuppliedParameterError(param.name, _names(chain))
                leaves.append(LeafParam(param.name, leaf))
        body = _Body(
            kind_of(call),
            tuple(dependencies),
            tuple(leaves),
            tuple(specials),
            tuple(scopes_params),
            uses_scopes,
        )
        self._bodies[(id(call), scopes)] = (call, body)  # keeping `call` alive keeps its id unique
        return body

    def _special_type(self, annotation: Any) -> type | None:
        if isinstance(annotation, type):
            for special in self._special_types:
                if issubclass(annotation, special):
                    return special
        return None


def _own_scopes(depends: Depends) -> Sequence[str]:
    return depends.scopes if isinstance(depends, Security) else ()


def _depends_marker(
    param: inspect.Parameter, metadata: tuple[Any, ...], chain: tuple[Callable[..., Any], ...]
) -> Depends | None:
    """The parameter's `Depends`, from `Annotated` (the last one wins) or its default."""
    in_annotation = [item for item in metadata if isinstance(item, Depends)]
    if isinstance(param.default, Depends):
        if in_annotation:
            raise DependencyDefinitionError(
                f"parameter {param.name!r} declares Depends both in Annotated and as its default",
                _names(chain),
            )
        return param.default
    return in_annotation[-1] if in_annotation else None


def _check_hashable(key: Hashable, chain: tuple[Callable[..., Any], ...]) -> None:
    """Fail now, not with a TypeError on every request, if the cache cannot store the result."""
    try:
        hash(key)
    except TypeError:
        raise DependencyDefinitionError(
            f"{describe(chain[0])} is unhashable, so it cannot key the per-request cache "
            "(a callable dataclass instance needs frozen=True or eq=False)",
            _names(chain),
        ) from None


def _class_or_none(annotation: Any) -> type | None:
    """What `Depends()` calls: the annotation, if it is a class (`Any` is one since 3.11)."""
    return annotation if isinstance(annotation, type) and annotation is not Any else None


def _names(chain: tuple[Callable[..., Any], ...]) -> tuple[str, ...]:
    return tuple(describe(call) for call in chain)


class Graph:
    """A solved endpoint: the tree, its leaves, and how to run it for one request.

    `root` is the endpoint's node. `leaves` lists every leaf of the whole graph once, in the
    order the graph runs: the framework validates exactly these before calling `run`, and
    documents them (p06). `special_types` is what `run` will look up in `specials`. Both are
    computed the first time they are asked for, then kept: a framework reads them on every
    request, and the tree never changes. `tears_down` says whether a request needs an exit
    stack at all, decided with the rest of the plan when the graph is made.
    """

    root: Node

    def __init__(self, root: Node, solver: Solver) -> None:
        self.root = root
        self._solver = solver
        self._plan = Plan.of(root)
        self._last_override: tuple[frozenset[tuple[Any, Any]], Graph] | None = None

    @cached_property
    def leaves(self) -> tuple[Hashable, ...]:
        """Every leaf once, in run order. Values are keyed by leaf, so two parameters
        described by equal leaves share one value."""
        return tuple(dict.fromkeys(param.leaf for node in self.root.walk() for param in node.leaves))

    @cached_property
    def special_types(self) -> frozenset[type]:
        """The special types the graph asks for, so a framework builds only those per request."""
        return frozenset(param.type for node in self.root.walk() for param in node.specials)

    @property
    def tears_down(self) -> bool:
        """Whether a dependency yields, leaving a teardown on `run`'s `stack`. When false, a
        framework need not open an exit stack for the request at all (pass `stack=None`)."""
        return self._plan.tears_down

    def with_overrides(self, overrides: Overrides) -> Graph:
        """The graph with `overrides[dependency] = replacement` applied (self if none).

        Each replacement is solved once by the solver; the overridden graph is kept for as
        long as the overrides stay the same, which is how tests use them. A framework must
        take `leaves` from the graph this returns: a replacement may ask for its own leaves.
        """
        if not overrides:
            return self
        key = frozenset(overrides.items())
        last = self._last_override  # read once: another thread may replace it meanwhile
        if last is None or last[0] != key:
            last = (key, Graph(apply_overrides(self.root, overrides, self._solver.node), self._solver))
            self._last_override = last
        return last[1]

    async def run(
        self,
        *,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        stack: AsyncExitStack | None,
        cache: dict[Hashable, Any] | None = None,
    ) -> Any:
        """Run every dependency, then the endpoint, and return what the endpoint returned.

        `leaf_values` maps each of `leaves` to its validated value, `specials` each of
        `special_types` to this request's object. Request-scoped `yield` teardowns are pushed
        on `stack`, which the caller closes when it chooses (FastAPI: after the response and
        the background tasks); it may be None when `tears_down` is false. `cache` is this
        request's result cache (a fresh one if None).
        """
        return await execute(self._plan, leaf_values=leaf_values, specials=specials, stack=stack, cache=cache)

    async def run_available(
        self,
        *,
        leaf_values: Mapping[Hashable, Any],
        specials: Mapping[type, Any],
        stack: AsyncExitStack | None,
        cache: dict[Hashable, Any] | None = None,
    ) -> None:
        """Run, in run order, only the dependencies whose leaves (their own and those of
        every dependency below them) all have a value in `leaf_values`; never the endpoint.

        For a request whose inputs failed validation: leave the failed leaves out of
        `leaf_values`. FastAPI still runs every dependency it can, so their effects happen and
        an exception one raises (a 401) wins over the validation error. Teardowns go where
        `run` puts them.
        """
        await execute_available(
            self._plan, leaf_values=leaf_values, specials=specials, stack=stack, cache=cache
        )
