"""The named HTTP and WebSocket status codes (`status.HTTP_404_NOT_FOUND`): miniasgi's, looked
up there on use, so the renamed ones still warn as they do in miniasgi."""

from typing import Any

from miniasgi import status as _codes


def __getattr__(name: str) -> Any:
    return getattr(_codes, name)


def __dir__() -> list[str]:
    return dir(_codes)
