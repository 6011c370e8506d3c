"""minidi: FastAPI-style dependency injection, independent of HTTP.

Declare dependencies with `Depends`, solve an endpoint once with a `Solver` (the framework
plugs in its leaf classifier and special types), then `await graph.run(...)` per request.
"""

from minidi.errors import (
    DependencyCycleError,
    DependencyDefinitionError,
    DependencyScopeError,
    SuppressedExceptionError,
    UnsuppliedParameterError,
)
from minidi.graph import Graph, LeafClassifier, Solver
from minidi.nodes import Kind, LeafParam, Node, Param, SpecialParam
from minidi.overrides import Overrides
from minidi.params import Depends, Scope, Security, SecurityScopes

__all__ = [
    "DependencyCycleError",
    "DependencyDefinitionError",
    "DependencyScopeError",
    "Depends",
    "Graph",
    "Kind",
    "LeafClassifier",
    "LeafParam",
    "Node",
    "Overrides",
    "Param",
    "Scope",
    "Security",
    "SecurityScopes",
    "Solver",
    "SpecialParam",
    "SuppressedExceptionError",
    "UnsuppliedParameterError",
]
