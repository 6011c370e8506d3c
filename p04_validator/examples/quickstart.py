"""The lesson's first example: type hints in, validated (and coerced) values out.

Run:  python p04_validator/examples/quickstart.py
"""

from __future__ import annotations

from minipydantic import BaseModel, Field, ValidationError


class User(BaseModel):
    name: str = Field(..., min_length=1)
    age: int = Field(..., ge=0, le=150)


def main() -> None:
    user = User(name="Douglas", age="32")  # the string is coerced: lax mode
    print(repr(user), type(user.age).__name__)
    try:
        User(name="", age=200)
    except ValidationError as error:
        print(error)
        print(error.errors())


if __name__ == "__main__":
    main()
