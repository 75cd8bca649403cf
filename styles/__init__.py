"""CSL styles shipped with bibexport (installed as bibexport.styles)."""
