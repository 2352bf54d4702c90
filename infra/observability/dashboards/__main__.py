"""Write every dashboard as Grafana JSON: `python -m dashboards --out DIR`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grafana_foundation_sdk.cog.encoder import JSONEncoder

from dashboards import DASHBOARDS


def render(name: str) -> str:
    """The dashboard `name` as stable JSON text (sorted keys, a final newline)."""
    model = DASHBOARDS[name]().build()
    # Through the SDK's encoder, then parsed and dumped again for a stable, sorted layout.
    data = json.loads(JSONEncoder(sort_keys=True).encode(model))
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dashboards", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the JSON files to")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in DASHBOARDS:
        (out / f"{name}.json").write_text(render(name))
        sys.stdout.write(f"wrote {out / name}.json\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
