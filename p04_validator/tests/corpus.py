"""The parity corpus: each model is written once and built twice, against either library.

`build(lib)` runs the same class statements with `lib.BaseModel`, `lib.Field` ... so the two
definitions cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from decimal import Decimal
from types import SimpleNamespace
from typing import Annotated, Any, Literal, Optional, Union
from uuid import UUID


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Size(enum.IntEnum):
    S = 1
    M = 2


@functools.cache
def models(lib: Any) -> SimpleNamespace:
    """The corpus built against `lib` (minipydantic or pydantic), built once per library and
    only when a test asks, so a half-written library fails tests instead of test collection."""
    return build(lib)


def build(lib: Any) -> SimpleNamespace:
    BaseModel, Field, ConfigDict = lib.BaseModel, lib.Field, lib.ConfigDict

    class User(BaseModel):
        name: str = Field(..., min_length=1)
        age: int = Field(..., ge=0, le=150)

    class Scalars(BaseModel):
        i: int = 0
        f: float = 0.0
        b: bool = False
        s: str = ""
        by: bytes = b""
        d: Decimal = Decimal("0")
        n: None = None

    class Address(BaseModel):
        street: str
        city: str = Field("Paris", max_length=20)
        zip_code: Annotated[str, Field(pattern=r"^\d{5}$")] = "75001"

    class Item(BaseModel):
        item_id: int = Field(gt=0, description="The id", examples=[1])
        name: str = Field(min_length=1, max_length=10, title="Item name")
        price: float = Field(ge=0, multiple_of=0.5)
        tags: list[str] = []
        color: Color = Color.RED
        kind: Literal["a", "b"] = "a"

    class Order(BaseModel):
        """An order with items."""

        order_id: UUID
        items: list[Item] = Field(min_length=1, max_length=3)
        address: Address | None = None
        notes: dict[str, int] = {}
        when: dt.datetime | None = None
        day: dt.date = dt.date(2024, 1, 1)
        coords: tuple[float, float] = (0.0, 0.0)
        codes: set[int] = set()

    class Mixed(BaseModel):
        value: int | str = 0
        maybe: int | None = None
        nums: tuple[int, ...] = ()
        frozen_tags: frozenset[str] = frozenset()
        anything: Any = None
        bare_list: list = []
        bare_dict: dict = {}
        size: Size = Size.S
        span: dt.timedelta = dt.timedelta(0)
        at: dt.time = dt.time(0)

    class Aliased(BaseModel):
        model_config = ConfigDict(populate_by_name=True, str_strip_whitespace=True)
        item_id: int = Field(alias="itemId")
        label: str = "x"

    class Strict(BaseModel):
        model_config = ConfigDict(strict=True, extra="forbid")
        count: int = 0
        flag: bool = False
        name: str = ""

    class Contact(BaseModel):
        email: lib.EmailStr
        site: lib.HttpUrl | None = None
        repo: lib.AnyUrl | None = None

    class Node(BaseModel):
        value: int
        children: list[Node] = []

    return SimpleNamespace(
        **{k: v for k, v in locals().items() if isinstance(v, type) and issubclass(v, BaseModel)}
    )


MODEL_NAMES = ["User", "Scalars", "Address", "Item", "Order", "Mixed", "Aliased", "Strict", "Contact", "Node"]


def build_tagged(lib: Any) -> SimpleNamespace:
    """Discriminated unions: the `pet_type` field says which model to validate against."""
    BaseModel, Field = lib.BaseModel, lib.Field

    class Cat(BaseModel):
        pet_type: Literal["cat"]
        meows: int

    class Dog(BaseModel):
        pet_type: Literal["dog", "puppy"]
        barks: float

    class Owner(BaseModel):
        pet: Union[Cat, Dog] = Field(discriminator="pet_type")
        maybe: Optional[Annotated[Union[Cat, Dog], Field(discriminator="pet_type")]] = None

    return SimpleNamespace(Cat=Cat, Dog=Dog, Owner=Owner)
