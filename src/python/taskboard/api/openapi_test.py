from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from taskboard._version import __version__
from taskboard.api.openapi import main, openapi_document, render


def test_the_document_is_byte_stable_and_names_every_operation() -> None:
    first, second = render(openapi_document()), render(openapi_document())
    assert first == second
    document = json.loads(first)
    operation_ids = [
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
    ]
    assert "tasks-list" in operation_ids
    assert len(operation_ids) == len(set(operation_ids))


def test_info_version_is_the_release_version() -> None:
    version = openapi_document()["info"]["version"]
    assert version == __version__
    # What `cz bump` writes (.cz.toml: version_scheme = "semver2"), e.g. 1.4.0 or 2.0.0-rc.1.
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?", version)


def test_main_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    assert main([str(target)]) == 0
    assert json.loads(target.read_text())["info"]["title"] == "Taskboard API"


def test_main_prints_without_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert json.loads(capsys.readouterr().out)["openapi"].startswith("3.")


def test_errors_are_documented_as_problem_details() -> None:
    document = openapi_document()
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in document["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if status == "default" or status[0] in "45":
                    assert response["content"] == problem, status
    stream = document["paths"]["/api/v1/boards/{board_id}/events"]["get"]["responses"]
    for refused in ("429", "503"):
        assert "Retry-After" in stream[refused]["headers"]
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas  # FastAPI's 422 body, never sent here
    assert set(schemas["Problem"]["required"]) == {"title", "status", "code"}
    assert schemas["Problem"]["properties"]["errors"]["anyOf"][0]["items"] == {
        "$ref": "#/components/schemas/FieldError"
    }


def test_the_document_states_what_the_server_enforces() -> None:
    document = openapi_document()
    paths = document["paths"]
    # PATCH needs If-Match (428 without it), stated as required.
    patch = paths["/api/v1/tasks/{task_id}"]["patch"]
    if_match = next(p for p in patch["parameters"] if p["name"] == "If-Match")
    assert if_match["required"] is True
    assert {"412", "428"} <= set(patch["responses"])
    # No parameter offers null: an optional one is left out.
    for item in paths.values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                assert "anyOf" not in parameter["schema"], parameter
    # A PATCH may omit the title but not null it.
    update = document["components"]["schemas"]["TaskUpdate"]["properties"]
    assert update["title"]["type"] == "string"
    assert {"type": "null"} in update["due_date"]["anyOf"]
    # Each event of the stream is described.
    stream = paths["/api/v1/boards/{board_id}/events"]["get"]["responses"]["200"]
    event = stream["content"]["text/event-stream"]["schema"]
    assert event["required"] == ["id", "event", "data"]
    assert "task.created" in event["properties"]["event"]["enum"]


def test_links_chain_a_board_to_its_tasks_and_members() -> None:
    paths = openapi_document()["paths"]
    operation_ids = {op["operationId"] for item in paths.values() for op in item.values()}
    created_board = paths["/api/v1/boards"]["post"]["responses"]["201"]["links"]
    assert {"tasks-list", "tasks-create", "members-list", "members-add"} <= set(created_board)
    created_task = paths["/api/v1/boards/{board_id}/tasks"]["post"]["responses"]["201"]["links"]
    assert created_task["tasks-update"]["parameters"] == {
        "task_id": "$response.body#/id",
        "header.If-Match": "$response.header.ETag",
    }
    for item in paths.values():
        for operation in item.values():
            for response in operation["responses"].values():
                for link in response.get("links", {}).values():
                    assert link["operationId"] in operation_ids
