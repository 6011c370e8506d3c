"""`SecurityBase`: what makes a dependency a security scheme (miniopenapi's class).

An instance has `model`, its OpenAPI scheme object, and `scheme_name`, its key in the
document's `components/securitySchemes`. The document builder recognises such dependencies
anywhere in an operation's graph and lists them in the operation's `security`.
"""

from miniopenapi import SecurityBase

__all__ = ["SecurityBase"]
