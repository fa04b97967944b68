"""govclean's benchmark: ``make bench`` (``python -m bench``) prints every section's figures."""
