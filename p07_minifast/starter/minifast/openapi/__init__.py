"""FastAPI's `fastapi.openapi` package, as far as minifast needs it: the security scheme
objects (`models`). The document itself is miniopenapi's (`miniopenapi.get_openapi`)."""
