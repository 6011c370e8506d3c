"""Where a parameter comes from: `Path`, `Query`, `Header`, `Cookie`, `Body` (miniopenapi's
markers, which are minipydantic FieldInfos), and `Depends` (minidi's)."""

from minidi import Depends
from miniopenapi import Body, Cookie, Header, Param, Path, Query

__all__ = ["Body", "Cookie", "Depends", "Header", "Param", "Path", "Query"]
