"""`jsonable_encoder`: miniopenapi's, the rules the response path uses too."""

from miniopenapi.encoders import jsonable_encoder

__all__ = ["jsonable_encoder"]
