"""Settings for the test suite (pytest-django loads this module, see pyproject.toml).

Test mode is switched on explicitly here — never guessed from what happens to be imported — and then the
normal settings are read from the environment as in production.
"""

from __future__ import annotations

import os

os.environ["VERIFIER_TESTING"] = "1"

from verifier.settings import *  # noqa: E402, F403
