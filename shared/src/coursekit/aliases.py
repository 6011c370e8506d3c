"""Run code written for a real library on the course's rebuild of it, by import name alone.

The course checks its packages against the libraries they rebuild by running the *same
program* twice: once as written (`from starlette.routing import Route`), once with those
import names pointing at the course (`minirouter.Route`). `install` puts a finder on
`sys.meta_path` that answers the real library's module names with modules whose attributes
come from the course's: no file is rewritten, no library code is copied, and what a test
exercises is exactly the course's public API.

An alias module offers the public names of its `sources` (the first that has a name wins),
plus `names`, which rename or add (`Starlette = "miniasgi.applications:MiniASGI"`), and
`values`, constants written as Python literals (a version tuple a test compares against). A
module the course leaves out on purpose can be a `stand_in`: it imports, and any name taken from it
is a placeholder that refuses to be used, so a test file importing it still loads and only
the tests that really use it fail (those are listed as out of scope, with the reason).

A module can also be the library's own code (`library_code`), run on the course's modules:
Starlette's `TrustedHostMiddleware` imports `starlette.datastructures` and gets miniasgi's.
That is how third-party code written for the real library meets the course in the wild, and
it lets a test that merely *uses* such a piece go on testing the course.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Any


@dataclass(frozen=True)
class Alias:
    sources: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)  # name -> "module:attribute"
    stand_in: bool = False
    library_code: bool = False
    values: Mapping[str, str] = field(default_factory=dict)  # name -> a Python literal


class AliasModule(ModuleType):
    """A real library's module name whose attributes are read, on first use, from the course's."""

    def __init__(self, name: str, alias: Alias) -> None:
        super().__init__(name)
        self._alias = alias

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        alias = self._alias
        if alias.stand_in:
            return _stand_in(f"{self.__name__}.{name}")
        if name in alias.values:
            value = ast.literal_eval(alias.values[name])
        elif name in alias.names:
            module, _, attribute = alias.names[name].partition(":")
            value = getattr(importlib.import_module(module), attribute)
        else:
            try:
                value = _from_sources(alias.sources, name, self.__name__)
            except AttributeError:
                # A package's submodule is its attribute, as `pydantic.version` is (the real
                # package imports it itself): the submodule's alias, if the table has one.
                value = self._submodule(name)
        setattr(self, name, value)
        return value

    def _submodule(self, name: str) -> Any:
        if hasattr(self, "__path__"):
            try:
                return importlib.import_module(f"{self.__name__}.{name}")
            except ModuleNotFoundError:
                pass
        return _from_sources(self._alias.sources, name, self.__name__)  # raises its AttributeError

    def __dir__(self) -> list[str]:
        found = set(self._alias.names)
        for source in self._alias.sources:
            module = importlib.import_module(source)
            found |= set(getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")]))
        return sorted(found)


_ABSENT = object()


def _from_sources(sources: Sequence[str], name: str, alias_name: str) -> Any:
    for source in sources:
        # One getattr, not hasattr-then-getattr: a module-level __getattr__ (a deprecated
        # name that warns) must run once, as it would for the real library.
        value = getattr(importlib.import_module(source), name, _ABSENT)
        if value is not _ABSENT:
            return value
    looked = ", ".join(sources) or "nothing"
    raise AttributeError(f"module {alias_name!r} has no attribute {name!r} (the course looked in {looked})")


def _stand_in(qualified: str) -> type:
    """A class that imports, and can be subclassed at a module's top level, but refuses to be
    instantiated or called: the feature is not in the course."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{qualified} is not part of the course")

    return type(qualified.rpartition(".")[2], (), {"__init__": refuse})


class _Finder(MetaPathFinder, Loader):
    def __init__(self, aliases: Mapping[str, Alias], library_root: Path | None) -> None:
        self.aliases = dict(aliases)
        self.packages = {name.rpartition(".")[0] for name in aliases if "." in name}
        self.library_root = library_root

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if fullname not in self.aliases and fullname not in self.packages:
            return None
        if fullname in self.aliases and self.aliases[fullname].library_code:
            return self._library_spec(fullname)
        return ModuleSpec(fullname, self, is_package=fullname in self.packages)

    def _library_spec(self, fullname: str) -> ModuleSpec:
        if self.library_root is None:
            raise ImportError(f"{fullname} is the library's own code, and no library_root was given")
        spec = importlib.util.spec_from_file_location(fullname, library_file(self.library_root, fullname))
        assert spec is not None
        return spec

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        module = AliasModule(spec.name, self.aliases.get(spec.name, Alias()))
        if spec.name in self.packages:
            module.__path__ = []
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module fills itself in as names are asked for."""


def library_file(library_root: Path, module: str) -> Path:
    """Where a `library_code` module's source sits under the extracted release."""
    return library_root.joinpath(*module.split(".")).with_suffix(".py")


def install(aliases: Mapping[str, Alias], library_root: Path | None = None) -> MetaPathFinder:
    """Answer these module names from now on (before any real module of the same name);
    `library_code` modules are loaded from their source under `library_root`.

    Returns the finder: `sys.meta_path.remove(finder)` undoes it (tests do).
    """
    for name in aliases:
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
    finder = _Finder(aliases, library_root)
    sys.meta_path.insert(0, finder)
    return finder


def load(path: Path) -> dict[str, Alias]:
    """Aliases from a TOML table: `[aliases."starlette.routing"] sources = [...] names = {...}`."""
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("aliases", {})
    return {
        name: Alias(
            sources=tuple(entry.get("sources", ())),
            names=dict(entry.get("names", {})),
            stand_in=bool(entry.get("stand_in", False)),
            library_code=bool(entry.get("library_code", False)),
            values=dict(entry.get("values", {})),
        )
        for name, entry in table.items()
    }
