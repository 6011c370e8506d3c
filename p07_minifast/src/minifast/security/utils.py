"""Reading an `Authorization` header."""

from __future__ import annotations


def get_authorization_scheme_param(authorization_header_value: str | None) -> tuple[str, str]:
    """`"Bearer abc"` -> `("Bearer", "abc")`; no header -> `("", "")`. The scheme is given
    as sent: compare it case-insensitively (RFC 9110 says schemes are)."""
    if not authorization_header_value:
        return "", ""
    scheme, _, param = authorization_header_value.partition(" ")
    return scheme, param.strip()


__all__ = ["get_authorization_scheme_param"]
