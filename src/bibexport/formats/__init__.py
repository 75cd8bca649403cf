"""One module per format; each declares FORMATS (see bibexport.registry)."""
