"""Provider schemas from PyPI's prebuilt CDKTF bindings, for providers not obtainable here.

Each `cdktf-cdktf-provider-<name>` release is generated from one provider release and ships a
jsii assembly (`_jsii/*.jsii.tgz`) describing every resource and data source with all their
arguments and nested blocks. It is read here as data; CDKTF itself is never imported or run.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2

# provider source -> (package that carries its schema, provider version it was generated from)
SCHEMA_PACKAGES = {
    "hashicorp/google": ("cdktf_cdktf_provider_google", "6.50.0"),
    "digitalocean/digitalocean": ("cdktf_cdktf_provider_digitalocean", "2.71.0"),
}

_REPRESENTS = re.compile(
    r"Represents a \{@link https://registry\.terraform\.io/providers/([^/]+/[^/]+)/([0-9.]+)/docs/"
    r"(resources|data-sources)/\S+ (\S+)\}"
)
_ANCHOR = re.compile(r"#(\w+) ")

# A block's children: name -> nested block (a dict) or None for a plain argument.
Node = dict[str, "Node | None"]


@dataclass(frozen=True)
class ProviderSchema:
    """Resource and data source schemas of one provider release."""

    source: str
    version: str
    resources: dict[str, Node]
    data_sources: dict[str, Node]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _struct_fqn(type_ref: dict[str, Any]) -> str | None:
    """The struct a property's type names, through unions and collections."""
    if "fqn" in type_ref:
        return str(type_ref["fqn"])
    if "union" in type_ref:
        for option in type_ref["union"]["types"]:
            found = _struct_fqn(option)
            if found and not found.startswith("cdktf."):
                return found
    if "collection" in type_ref:
        return _struct_fqn(type_ref["collection"]["elementtype"])
    return None


def _node(types: dict[str, Any], fqn: str, depth: int = 0) -> Node:
    node: Node = {}
    for prop in types.get(fqn, {}).get("properties", []):
        remarks = prop.get("docs", {}).get("remarks", "")
        anchor = _ANCHOR.search(remarks)
        name = anchor.group(1) if anchor else _snake(prop["name"])
        child = _struct_fqn(prop["type"])
        is_block = child is not None and child in types and types[child].get("kind") == "interface"
        node[name] = _node(types, child, depth + 1) if is_block and depth < 12 and child else None
    return node


def load(source: str) -> ProviderSchema | None:
    """The schema of `source` from its CDKTF package, or None when no package carries it."""
    if source not in SCHEMA_PACKAGES:
        return None
    package, version = SCHEMA_PACKAGES[source]
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    (archive,) = (Path(spec.origin).parent / "_jsii").glob("*.jsii.tgz")
    with tarfile.open(archive) as tar:
        member = tar.extractfile("package/.jsii")
        assert member is not None
        types: dict[str, Any] = json.load(member)["types"]
    resources: dict[str, Node] = {}
    data_sources: dict[str, Node] = {}
    for fqn, entry in types.items():
        if entry.get("kind") != "class":
            continue
        match = _REPRESENTS.search(entry.get("docs", {}).get("summary", ""))
        if not match:
            continue
        found_source, found_version, kind, type_name = match.groups()
        assert (found_source, found_version) == (source, version), (fqn, match.groups())
        config = f"{fqn}Config"
        target = resources if kind == "resources" else data_sources
        target[type_name] = _node(types, config)
    return ProviderSchema(source, version, resources, data_sources)


# Terraform's own arguments, valid in every resource and data block.
META_ARGUMENTS = frozenset(
    {"count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"}
)


def _unquote(value: str) -> str:
    return value.strip('"')


def unknown_arguments(body: dict[str, Any], node: Node, path: str) -> list[str]:
    """Arguments and blocks of a parsed HCL body that the schema node does not have."""
    problems: list[str] = []
    for key, value in body.items():
        if key.startswith("__") or key in META_ARGUMENTS:
            continue
        if key == "dynamic":
            for block in value:
                for label, dynamic in block.items():
                    if label.startswith("__"):
                        continue
                    name = _unquote(label)
                    child = node.get(name)
                    if name not in node or child is None:
                        problems.append(f"{path}: no block {name!r}")
                        continue
                    for content in dynamic.get("content", []):
                        problems += unknown_arguments(content, child, f"{path}.{name}")
            continue
        if key not in node:
            problems.append(f"{path}: no argument or block {key!r}")
            continue
        child = node[key]
        blocks = (
            [v for v in value if isinstance(v, dict) and v.get("__is_block__")]
            if isinstance(value, list)
            else []
        )
        if child is not None and blocks:
            for block in blocks:
                problems += unknown_arguments(block, child, f"{path}.{key}")
    return problems


def check_folder(folder: Path, schema: ProviderSchema) -> list[str]:
    """Every resource and data source of `folder`'s *.tf files against the schema."""
    problems: list[str] = []
    prefix = schema.source.split("/")[1] + "_"
    for tf_file in sorted(folder.glob("*.tf")):
        with tf_file.open() as handle:
            parsed = hcl2.load(handle)
        for kind, known in (("resource", schema.resources), ("data", schema.data_sources)):
            for block in parsed.get(kind, []):
                for type_label, instances in block.items():
                    type_name = _unquote(type_label)
                    if type_name.startswith("__") or not type_name.startswith(prefix):
                        continue
                    where = f"{tf_file.name}: {kind} {type_name}"
                    if type_name not in known:
                        problems.append(f"{where}: not in {schema.source} {schema.version}")
                        continue
                    for name, body in instances.items():
                        if not name.startswith("__"):
                            problems += unknown_arguments(
                                body, known[type_name], f"{where}.{_unquote(name)}"
                            )
    return problems
