"""What minidi raises: definition-time errors, and the one error a request can meet.

Solving raises `DependencyDefinitionError`s, never a request. Each carries `chain`, the
callables from the offending one up to the endpoint, because "cannot supply 'x'" is useless
when `x` belongs to a dependency three levels down.

Running raises `SuppressedExceptionError` when a `yield` dependency swallows an exception:
the request then has no result, and failing loudly beats answering nothing.
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


class SuppressedExceptionError(RuntimeError):
    """A `yield` dependency caught an exception at its `yield` and did not raise it again.

    The endpoint (or a later dependency, or the framework while answering) failed, so there
    is no result to send; without this error the request would end with no answer and no
    trace. Raised from the swallowed exception, once the stack that held the dependency has
    finished tearing down (FastAPI raises its `FastAPIError` at the same moment).
    """

    def __init__(self, dependency: str, exception: BaseException) -> None:
        self.dependency = dependency
        self.exception = exception
        super().__init__(
            f"yield dependency {dependency} caught {exception!r} and did not re-raise it, so "
            "there is no result to answer with: re-raise it (a bare `raise` at the end of the "
            "`except` block), or raise an exception of your own, such as an HTTP error"
        )
