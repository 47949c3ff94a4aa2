"""The editors' page (``newsbot web``): a small read-only site over the question log, behind a token.

``app`` builds the site (routes, the token check, CSV), ``view`` holds the log in memory for the pages,
``templates/`` are the server-rendered pages (no JavaScript).
"""
