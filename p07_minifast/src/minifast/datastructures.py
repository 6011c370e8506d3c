"""The request's containers: miniasgi's, as FastAPI's are Starlette's."""

from miniasgi.datastructures import URL, Address, FormData, Headers, QueryParams, State

__all__ = ["URL", "Address", "FormData", "Headers", "QueryParams", "State"]
