"""Errors raised while solving a graph, i.e. at definition time, never per request.

Each carries `chain`, the callables from the offending one up to the endpoint, because
"cannot supply 'x'" is useless when `x` belongs to a dependency three levels down.
"""

from __future__ import annotations


class DependencyDefinitionError(TypeError):
    """A dependency graph that can never run; raised by `Solver.solve`."""

    def __init__(self, message: str, chain: tuple[str, ...]) -> None:
        self.chain = chain
        super().__init__(f"{message} (in {' <- '.join(chain)})" if chain else message)


class UnsuppliedParameterError(DependencyDefinitionError):
    """A parameter that is not a dependency, not a special type, and not claimed by the
    framework's leaf classifier: nothing could ever supply its value."""

    def __init__(self, parameter: str, chain: tuple[str, ...]) -> None:
        self.parameter = parameter
        super().__init__(f"cannot supply parameter {parameter!r} of {chain[0]}", chain)


class DependencyCycleError(DependencyDefinitionError):
    """A dependency that (indirectly) depends on itself: solving it would never end."""

    def __init__(self, chain: tuple[str, ...]) -> None:
        super().__init__(f"dependency cycle: {' <- '.join(chain)}", ())  # the message is the chain
        self.chain = chain


class DependencyScopeError(DependencyDefinitionError):
    """A request-scoped `yield` dependency that depends on a function-scoped one: its
    teardown would run after the value it holds was already torn down."""
