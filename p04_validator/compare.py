"""Scenarios for `nox -s compare -- p04`: the same inputs through minipydantic and Pydantic.

p04 is not an HTTP project, so an observation is what a FastAPI client would see of each
scenario: the validated value dumped to JSON, or the 422-style error entries, plus the JSON
Schema of every model. `observe("mini")` and `observe("real")` should be equal.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent / "tests"))

from cases import CASES
from corpus import MODEL_NAMES, build


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def observe(impl: str) -> dict[str, object]:
    """Validate every corpus input and dump every schema with the chosen library."""
    lib = importlib.import_module("minipydantic" if impl == "mini" else "pydantic")
    models = build(lib)
    observations: dict[str, object] = {}
    for index, (name, data) in enumerate(CASES):
        model = getattr(models, name)
        try:
            result: Any = {"status": 200, "body": model.model_validate(data).model_dump(mode="json")}
        except lib.ValidationError as error:
            entries = [{k: v for k, v in e.items() if k != "url"} for e in error.errors()]
            result = {"status": 422, "body": {"detail": entries}}
        observations[f"{index:02d} validate {name}"] = _jsonable(result)
    for name in MODEL_NAMES:
        schema = getattr(models, name).model_json_schema(ref_template="#/components/schemas/{model}")
        observations[f"schema {name}"] = _jsonable(schema)
    return observations


if __name__ == "__main__":
    mine, real = observe("mini"), observe("real")
    different = [key for key in mine if mine[key] != real[key]]
    print(f"{len(mine)} scenarios, {len(different)} differ: {different}")
