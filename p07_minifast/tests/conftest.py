from .user_guide import user_guide

__all__ = ["user_guide"]
