"""The rows of the selection matrix: one representative change each, and what it must select.

`selection_test.py` commits each change in a throwaway clone of the checkout and runs
`.ci/affected` on it. `EXPECTED` is the exact set of targets a row selects, compared after
dropping the file-level source targets (`path/file.py`, `path/file.yml:files`): those follow
from their BUILD-level owners, and listing every one would only restate the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVERYTHING = frozenset({"::"})
NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Row:
    """One change and the exact selection it must give."""

    name: str
    change: Callable[[Path], None]
    expected: frozenset[str]


def append(path: str, text: str) -> Callable[[Path], None]:
    """A change that appends `text` to the file at `path` (created if missing)."""

    def change(repo: Path) -> None:
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a") as handle:
            handle.write(text)

    return change


def delete(path: str) -> Callable[[Path], None]:
    """A change that deletes the file at `path`."""

    def change(repo: Path) -> None:
        (repo / path).unlink()

    return change


def runnable(addresses: set[str], repo: Path) -> set[str]:
    """The BUILD-level targets and the test files among `addresses` (what the pipeline runs).

    A generated target whose path is a file (`a/b.py`, `a/Dockerfile:../images`) is file-level
    and dropped, unless it is a test file.
    """
    kept = set()
    for address in addresses:
        path = address.split(":", 1)[0].split("#", 1)[0].lstrip("/")
        if path.endswith("_test.py") or (repo / path).is_dir():
            kept.add(address)
    return kept


def _tests(*files: str) -> set[str]:
    return {f"{file}:tests" for file in files}


# The API's tests: every one drives the app (taskboard/api/conftest.py).
_API = "src/python/taskboard/api"
API_TESTS = _tests(
    *(
        f"{_API}/{name}_test.py"
        for name in (
            "crash",
            "http",
            "limits",
            "listen",
            "main",
            "openapi",
            "outage",
            "problems",
            "replicas",
            "security",
            "slow_reader",
            "sse",
        )
    ),
    *(f"{_API}/routes/{name}_test.py" for name in ("auth", "boards", "events", "ops", "tasks")),
) | {
    f"{_API}:tests",
    f"{_API}/routes:tests",
    f"{_API}:test_utils",
    # The contract test, a target of its own (it runs beside the batch).
    f"{_API}:contract",
    f"{_API}/contract_test.py:contract",
}

# What the app's code reaches: its packages, its images, the deploy that runs them, the tests of
# those images, and the web (through openapi.json, which the API's code generates).
API_ARTIFACTS = {
    f"{_API}:api",
    f"{_API}/routes:routes",
    f"{_API}:openapi",
    "src/python/taskboard:api",
    "src/python/taskboard:api-deps",
    "src/python/taskboard/testing:testing",
    "src/python/taskboard_bench:taskboard_bench",
    "src/python/taskboard_bench:benchmark",
    "src/python/taskboard_bench:soak",
    # The soak's tests import its orchestrator, which starts the app's server.
    "src/python/taskboard_bench:tests",
    "src/python/taskboard_bench/soak_test.py:tests",
    # The command line's test imports the benchmark's entry point, which starts servers too.
    "src/python/taskboard_bench/cli_test.py:tests",
    "infra/docker/api:api",
}
# The web's targets, and `:preview`, which serves its build.
WEB = {f"src/web:{name}" for name in ("client", "checks", "build", "e2e", "bench")} | {"//:preview"}
# The dev loop serves the app's code from the workspace and writes its document: `:dev` and
# the loop's test reach it (a web change does not: `next dev` serves the workspace's files).
DEV_LOOP = {"//:dev", "src/python/taskboard:tests", "src/python/taskboard/devloop_test.py:tests"}
WEB_IMAGE = {"infra/docker/web:web"}
IMAGE_TESTS = {"infra/docker:tests", "infra/docker/images_test.py:tests"}
SWARM = {"infra/swarm:deploy", "infra/swarm:tests", "infra/swarm/swarm_test.py:tests"}
# The live rules test and the trace test run the whole app and the web's build; the promtool
# tests do not.
OBSERVABILITY_LIVE = _tests(
    "infra/observability/live_test.py", "infra/observability/traces_test.py"
) | {"infra/observability:tests"}
# What the rules reach: the tests that read them.
ALERT_RULE_TESTS = _tests(
    "infra/observability/live_test.py", "infra/observability/prometheus_test.py"
) | {"infra/observability:tests"}
API_CHAIN = (
    API_TESTS
    | API_ARTIFACTS
    | WEB
    | DEV_LOOP
    | WEB_IMAGE
    | IMAGE_TESTS
    | SWARM
    | OBSERVABILITY_LIVE
)

K8S_TESTS = _tests(
    *(
        f"infra/k8s/{name}_test.py"
        for name in (
            "checkov",
            "k8s_deploy",
            "manifests",
            "monitoring",
            "networkpolicy",
            "schema",
            "security",
        )
    )
) | {"infra/k8s:tests"}
# The scrape configuration's test reads the pod templates of infra/k8s/base.
SCRAPE_CONFIG_TESTS = _tests("infra/observability/kubernetes_test.py") | {
    "infra/observability:tests"
}
# Grafana's provisioning test reads the Swarm stack and the Prometheus configurations.
GRAFANA_TESTS = _tests("infra/observability/grafana_test.py") | {"infra/observability:tests"}

_TF = "infra/terraform"
AWS_APP_MODULE = {
    f"{_TF}/modules/aws/taskboard:taskboard",
    f"{_TF}/modules/aws/taskboard:tests",
    f"{_TF}/modules/aws/taskboard/aws_taskboard_test.py:tests",
}
# The roots that use the AWS app module: its prod environment, and the static checks of AWS.
AWS_PROD_ROOT = {
    f"{_TF}/envs/aws/prod:prod",
    f"{_TF}/envs/aws/prod:tests",
    f"{_TF}/envs/aws/prod/aws_prod_test.py:tests",
    f"{_TF}/envs/aws/prod/aws_prod_apply_test.py:tests",
    f"{_TF}/envs/aws:static",
    f"{_TF}/envs/aws/aws_static_test.py:static",
}


def _terraform_tests() -> set[str]:
    """Every Terraform test target: they all run in the infra-tools resolve."""
    selected = {
        f"{_TF}:tests",
        f"{_TF}/terraform_deploy_test.py:tests",
        f"{_TF}/tfharness:tfharness",
    }
    clouds = {
        "aws": ("github-oidc", "registry", "state-backend", "taskboard"),
        "digitalocean": ("registry", "state-backend", "taskboard"),
        "gcp": ("github-wif", "registry", "state-backend", "taskboard"),
        "ovh": ("state-backend", "taskboard"),
    }
    for cloud, modules in clouds.items():
        selected |= {
            f"{_TF}/envs/{cloud}:static",
            f"{_TF}/envs/{cloud}/{cloud}_static_test.py:static",
        }
        for env in ("bootstrap", "prod"):
            selected |= {f"{_TF}/envs/{cloud}/{env}:tests"}
            selected |= {f"{_TF}/envs/{cloud}/{env}/{cloud}_{env}_test.py:tests"}
        for module in modules:
            test = f"{cloud}_{module.replace('-', '_')}_test.py"
            selected |= {f"{_TF}/modules/{cloud}/{module}:tests"}
            selected |= {f"{_TF}/modules/{cloud}/{module}/{test}:tests"}
    selected.add(f"{_TF}/envs/aws/prod/aws_prod_apply_test.py:tests")
    return selected


_INFRA_TOOLS = "3rdparty/python:infra-tools"
INFRA_TOOLS_RESOLVE = (
    {_INFRA_TOOLS}
    | {
        f"{_INFRA_TOOLS}#{name}"
        for name in (
            "boto3",
            "cdktf-cdktf-provider-digitalocean",
            "cdktf-cdktf-provider-google",
            "kubernetes-validate",
            "moto",
            "pytest",
            "python-hcl2",
            "yamllint",
        )
    }
    | K8S_TESTS
    | {"infra/k8s:lib", "infra/k8s:test_utils"}
    | _terraform_tests()
)

_PKG = "src/python/taskboard"

# One representative change per kind of input. Comments keep every change valid code.
ROWS = [
    Row(
        "domain-module",
        append(f"{_PKG}/domain/rules.py", "# matrix\n"),
        frozenset(
            API_CHAIN
            | _tests(f"{_PKG}/domain/rules_test.py")
            | {f"{_PKG}/domain:tests", f"{_PKG}/schemas:schemas"}
            | {f"{_PKG}/services:services", f"{_PKG}:taskboard"}
        ),
    ),
    # Not the domain's, the observability's or the other services' tests.
    Row(
        "service",
        append(f"{_PKG}/services/boards.py", "# matrix\n"),
        frozenset(API_CHAIN | {f"{_PKG}:taskboard"}),
    ),
    Row(
        "repository",
        append(f"{_PKG}/repositories/tasks.py", "# matrix\n"),
        frozenset(API_CHAIN | {f"{_PKG}/services:services", f"{_PKG}:taskboard"}),
    ),
    # The schemas shape openapi.json: the web's client and everything after it follow. The
    # services dump them as event payloads, so the services' tests too.
    Row(
        "api-schema",
        append(f"{_PKG}/schemas/tasks.py", "# matrix\n"),
        frozenset(API_CHAIN | {f"{_PKG}/services:services", f"{_PKG}:taskboard"}),
    ),
    # No Python target, and not the generated client: the web, its image and what runs it.
    Row(
        "web-component",
        append("src/web/components/board/task-card.tsx", "// matrix\n"),
        frozenset(
            (WEB - {"src/web:client"}) | WEB_IMAGE | IMAGE_TESTS | SWARM | OBSERVABILITY_LIVE
        ),
    ),
    # That image only (not the API's), and the tests of the Dockerfiles and of what runs them.
    Row(
        "dockerfile",
        append("infra/docker/web/Dockerfile", "# matrix\n"),
        frozenset(
            WEB_IMAGE
            | IMAGE_TESTS
            | SWARM
            | {"infra/docker:dockerfile-rules", "infra/docker/dockerfiles_test.py:dockerfile-rules"}
        ),
    ),
    Row(
        "swarm-stack",
        append("infra/swarm/stack.yml", "# matrix\n"),
        frozenset(SWARM | GRAFANA_TESTS),
    ),
    # The rules' tests, the stack and the Kubernetes monitoring that mount the rules.
    Row(
        "alert-rules",
        append("infra/observability/prometheus/rules.yml", "# matrix\n"),
        frozenset(
            ALERT_RULE_TESTS
            | SWARM
            | K8S_TESTS
            | SCRAPE_CONFIG_TESTS
            | GRAFANA_TESTS
            | {"infra/observability:kubernetes"}
        ),
    ),
    Row(
        "kustomize",
        append("infra/k8s/base/api-deployment.yaml", "# matrix\n"),
        frozenset(K8S_TESTS | SCRAPE_CONFIG_TESTS),
    ),
    # The module's own tests and the roots that use it, not the other clouds'.
    Row(
        "terraform-module",
        append(f"{_TF}/modules/aws/taskboard/main.tf", "# matrix\n"),
        frozenset(AWS_APP_MODULE | AWS_PROD_ROOT),
    ),
    # The requirements of that resolve and their dependents, none of the app's.
    Row(
        "lockfile", append("3rdparty/python/infra-tools.lock", "\n"), frozenset(INFRA_TOOLS_RESOLVE)
    ),
    Row("pants-toml", append("pants.toml", "# matrix\n"), EVERYTHING),
    Row("workflow", append(".github/workflows/matrix.yml", "name: matrix\n"), EVERYTHING),
    Row("deleted-build-file", delete("src/python/taskboard_bench/BUILD"), EVERYTHING),
    Row("readme", append("README.md", "matrix\n"), NOTHING),
    Row("docs", append("docs/operations/matrix.md", "# matrix\n"), NOTHING),
]
