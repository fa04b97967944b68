"""Fuzz targets for govclean (``make fuzz``)."""
