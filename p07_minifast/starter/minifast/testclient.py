"""`TestClient`: miniasgi's, which drives any ASGI app in process through httpx."""

from miniasgi.testclient import TestClient

__all__ = ["TestClient"]
