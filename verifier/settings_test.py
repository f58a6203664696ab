"""Settings for the test suite (pytest-django loads this module, see pyproject.toml).

Test mode is switched on explicitly here — never guessed from what happens to be imported — and then the
normal settings are read from the environment as in production.
"""

from __future__ import annotations

import os

os.environ["VERIFIER_TESTING"] = "1"

from verifier.settings import *  # noqa: F403

# The suite keeps its cache in memory: every test starts with an empty one (tests/conftest.py), and tests
# that need no database must not touch the database cache table. Production never uses this (see
# settings.py and tests/test_production_profile.py, which checks the database cache in a real process).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# WhiteNoise otherwise indexes ./staticfiles (if `collectstatic` or `make bench` made it) each time a test
# client loads the middleware: 0.1 s per client, which quadrupled the access matrix. Looked up per request
# instead, as with DEBUG on; static files in browser tests come from the live server's own handler.
WHITENOISE_AUTOREFRESH = True
