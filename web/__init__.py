"""The site's wiring: the root URLconf and the pages that gather every app (the dashboard).

The interface layer, with `api`: it may import every app; no app imports it.
"""
