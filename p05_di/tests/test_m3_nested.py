"""Milestone 3: nested dependencies, leaves and special types anywhere in the tree.

A dependency can itself declare dependencies, to any depth. The solver turns the endpoint's
signature into a tree once; running it resolves children before their parent, depth first,
in declaration order, exactly like FastAPI. Leaves (parameters the framework supplies, like
query parameters) and special types (per-request objects like a Request) may sit anywhere
in the tree; the graph lists them all, so a framework knows what to prepare.
"""

from typing import Annotated, Any

import anyio
import minidi
from minidi import Depends

from .scenarios import Built, QueryLeaf, classify_query, run_minidi


def test_nested_dependency_receives_its_own_dependencies() -> None:
    """`get_user` depends on `get_db`: the endpoint gets a user built from the db."""

    def get_db() -> str:
        return "db"

    def get_user(db: Annotated[str, Depends(get_db)]) -> str:
        return f"user from {db}"

    def endpoint(user: Annotated[str, Depends(get_user)]) -> str:
        return user

    assert run_minidi(endpoint) == "user from db"


def test_class_init_parameters_are_dependencies() -> None:
    """A class dependency's `__init__` parameters are resolved like a function's."""

    def get_limit() -> int:
        return 5

    class Page:
        def __init__(self, limit: Annotated[int, Depends(get_limit)]) -> None:
            self.limit = limit

    def endpoint(page: Annotated[Page, Depends()]) -> int:
        return page.limit

    assert run_minidi(endpoint) == 5


def test_nesting_works_to_any_depth() -> None:
    """A chain 50 dependencies deep resolves (no per-level special cases)."""

    def base() -> int:
        return 0

    previous: Any = base
    for _ in range(50):

        def step(value: Annotated[int, Depends(previous)]) -> int:
            return value + 1

        previous = step

    def endpoint(total: Annotated[int, Depends(previous)]) -> int:
        return total

    assert run_minidi(endpoint) == 50


def test_graph_exposes_the_tree() -> None:
    """`graph.root` is the endpoint's node; each node lists its callable, its sub-dependencies
    and its leaf parameters (what p06 documents and p07 validates)."""

    def get_db() -> str:
        return "db"

    def get_user(db: Annotated[str, Depends(get_db)], user_id: int) -> str:
        return "u"

    def endpoint(user: Annotated[str, Depends(get_user, use_cache=False)], q: str) -> str:
        return user

    root = minidi.Solver(classify=classify_query).solve(endpoint).root
    assert root.call is endpoint
    (user,) = root.dependencies
    assert (user.call, user.name, user.use_cache) == (get_user, "user", False)
    assert [node.call for node in user.dependencies] == [get_db]
    assert user.leaves == (minidi.LeafParam("user_id", QueryLeaf("user_id", int)),)
    assert root.leaves == (minidi.LeafParam("q", QueryLeaf("q", str)),)


def test_walk_visits_every_node_depth_first_in_run_order() -> None:
    """`node.walk()` yields the node's whole subtree: each child's subtree first, in
    declaration order, then the node itself, which is the order in which they run."""

    def get_settings() -> str:
        return "s"

    def get_db(settings: Annotated[str, Depends(get_settings)]) -> str:
        return "db"

    def get_user(db: Annotated[str, Depends(get_db)]) -> str:
        return "u"

    def endpoint(
        user: Annotated[str, Depends(get_user)], settings: Annotated[str, Depends(get_settings)]
    ) -> str:
        return user

    order = [node.call.__name__ for node in minidi.Solver().solve(endpoint).root.walk()]
    assert order == ["get_settings", "get_db", "get_user", "get_settings", "endpoint"], order


def test_graph_lists_every_leaf_once_in_run_order() -> None:
    """`graph.leaves` flattens the leaves of the whole graph, deepest first (the order things
    run), each once: a framework validates exactly these before running the graph."""

    def get_db(dsn: str) -> str:
        return dsn

    def get_user(db: Annotated[str, Depends(get_db)], user_id: int, dsn: str) -> str:
        return db

    def endpoint(user: Annotated[str, Depends(get_user)], q: str) -> str:
        return user

    graph = minidi.Solver(classify=classify_query).solve(endpoint)
    assert graph.leaves == (QueryLeaf("dsn", str), QueryLeaf("user_id", int), QueryLeaf("q", str))


def test_leaf_values_reach_every_parameter_that_asks_for_them() -> None:
    """The framework passes one value per leaf; minidi hands it to every parameter that
    declared that leaf, at any depth."""

    def get_user(user_id: int) -> str:
        return f"user {user_id}"

    def endpoint(user: Annotated[str, Depends(get_user)], user_id: int) -> list[Any]:
        return [user, user_id]

    assert run_minidi(endpoint, {QueryLeaf("user_id", int): 7}) == ["user 7", 7]


def test_special_types_are_supplied_by_the_framework_per_request() -> None:
    """A parameter annotated with a registered special type (or a subclass) gets the object
    the framework passes in `specials`, at any depth; `graph.special_types` lists them."""

    class Request:
        path = "/"

    class MyRequest(Request):
        path = "/mine"

    def get_path(request: MyRequest) -> str:
        return request.path

    def endpoint(path: Annotated[str, Depends(get_path)], request: Request) -> list[str]:
        return [path, request.path]

    graph = minidi.Solver(special_types=[Request]).solve(endpoint)
    assert graph.special_types == frozenset({Request})
    assert run_minidi(endpoint, specials={Request: MyRequest()}) == ["/mine", "/mine"]


def nested_scenario(depends: Any, log: list[str]) -> Built:
    """Three levels, both declaration styles, a class in the middle, leaves at every level."""

    def get_settings(env: str) -> dict[str, str]:
        log.append(f"get_settings({env})")
        return {"env": env}

    async def get_db(settings: Annotated[dict[str, str], depends(get_settings)]) -> str:
        log.append("get_db")
        return f"db:{settings['env']}"

    class UserRepo:
        def __init__(self, db: str = depends(get_db), user_id: int = 0) -> None:
            log.append("UserRepo")
            self.name = f"user{user_id}@{db}"

    def get_user(repo: Annotated[UserRepo, depends()]) -> str:
        log.append("get_user")
        return repo.name

    def endpoint(user: Annotated[str, depends(get_user)], tag: str) -> dict[str, str]:
        log.append("endpoint")
        return {"user": user, "tag": tag}

    return Built(endpoint)


def test_nested_dependencies_match_fastapi(parity: Any) -> None:
    """Same values and the same depth-first order as FastAPI, with query leaves inside
    dependencies supplied once per request."""
    outcome = parity(nested_scenario, query={"env": "prod", "user_id": "7", "tag": "x"})
    assert outcome["results"] == [{"user": "user7@db:prod", "tag": "x"}]
    assert outcome["events"] == ["get_settings(prod)", "get_db", "UserRepo", "get_user", "endpoint"]


def test_dependencies_given_to_solve_run_first_for_their_effect_only() -> None:
    """`solver.solve(endpoint, dependencies=[Depends(check)])`: FastAPI's `dependencies=[...]`
    on a route, router or app. They run before the endpoint's own dependencies, share the
    per-request cache with them, and their values are not passed to the endpoint."""
    calls: list[str] = []

    def check() -> str:
        calls.append("check")
        return "ignored"

    def get_db() -> str:
        calls.append("db")
        return "db"

    def endpoint(db: Annotated[str, Depends(get_db)]) -> str:
        return db

    graph = minidi.Solver().solve(endpoint, dependencies=[Depends(check), Depends(get_db)])
    assert anyio.run(lambda: graph.run(leaf_values={}, specials={}, stack=None)) == "db"
    assert calls == ["check", "db"], "get_db ran once: the endpoint's use shares the cached value"
