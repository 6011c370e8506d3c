"""A small Todo service on minifast: the pieces `examples/app.py` puts together."""
