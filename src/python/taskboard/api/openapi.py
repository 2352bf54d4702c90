"""Write the API's OpenAPI document: the contract the web's typed client is generated from.

`python -m taskboard.api.openapi openapi.json` (a Pants target runs it). The output is
byte-stable for the same code (sorted keys, no timestamps), so an unchanged API leaves every
downstream web target cached.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from taskboard.api.main import create_app
from taskboard.settings import Settings


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the app (an in-memory database: nothing is touched or created)."""
    return create_app(Settings(database_url="sqlite+aiosqlite:///:memory:")).openapi()


def render(document: dict[str, Any]) -> str:
    """Serialise deterministically: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the document to the path given (or stdout)."""
    args = sys.argv[1:] if argv is None else argv
    text = render(openapi_document())
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
