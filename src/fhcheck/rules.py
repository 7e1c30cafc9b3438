"""The registry of machine checks, keyed by the name criteria files use.

Each check is declared once, in its own module of :mod:`fhcheck.checks` (the interface and
the rules a check must keep are described there); this module only lists them. An unknown
name in a criteria file fails when the criteria load.
"""

from __future__ import annotations

from typing import Any

from fhcheck.checks import Check
from fhcheck.checks import programme_register as _programme_register
from fhcheck.checks import service_directory as _service_directory

#: Every check kind by the name criteria files use. Unknown names fail when criteria load.
CHECKS: dict[str, Check[Any]] = {check.name: check for check in (_programme_register.CHECK, _service_directory.CHECK)}
