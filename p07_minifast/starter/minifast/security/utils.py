"""Reading an `Authorization` header."""

from __future__ import annotations


def get_authorization_scheme_param(authorization_header_value: str | None) -> tuple[str, str]:
    """`"Bearer abc"` -> `("Bearer", "abc")`; no header -> `("", "")`. The scheme is given
    as sent: compare it case-insensitively (RFC 9110 says schemes are)."""
    raise NotImplementedError(
        "Milestone 5: split the header at its first space into the scheme and the rest "
        '(stripped); no header (or an empty one) is ("", "")'
    )


__all__ = ["get_authorization_scheme_param"]
