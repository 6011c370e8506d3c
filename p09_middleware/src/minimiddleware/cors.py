"""`CORSMiddleware`: p07's, re-exported, so that the whole toolkit imports from one package.

Cross-origin resource sharing was built in p07 (`minifast.middleware.cors`), because
FastAPI's CORS chapter needed it there. It was already pure ASGI, with its policy decided
once in the constructor, so p09 does not build it again; one class, one home (the course
keeps a concept in the earliest package that needs it). What p09 adds is the proof:
`tests/test_m4_1_cors.py` runs the same requests through it and through Starlette's
`CORSMiddleware`, with the same options, and compares status, headers and body, with
hypothesis choosing origins, methods, request headers and options.
"""

from minifast.middleware.cors import CORSMiddleware

__all__ = ["CORSMiddleware"]
