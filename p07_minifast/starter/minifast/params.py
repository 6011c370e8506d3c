"""Where a parameter comes from: `Path`, `Query`, `Header`, `Cookie`, `Body`, `Form`, `File`
(miniopenapi's markers, which are minipydantic FieldInfos), and `Depends` and `Security`
(minidi's: a `Security` is a `Depends` that requires OAuth2 scopes)."""

from minidi import Depends, Security
from miniopenapi import Body, Cookie, Header, Param, Path, Query
from miniopenapi.params import File, Form

__all__ = ["Body", "Cookie", "Depends", "File", "Form", "Header", "Param", "Path", "Query", "Security"]
