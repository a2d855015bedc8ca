"""One way to do each thing, checked over the source (CKAN's test_coding_standards):
one commit point, refusals that are not OS errors, one definition of each access rule."""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCHANGE = ROOT / "exchange"
# The request boundary, the command line and the index sync commit; nothing else does.
# The request boundary, the CLI, the index sync's own session, the job runner (the
# worker's boundary: a job's changes commit with its "done"), and the API's request
# boundary (a token's last use, a change, an idempotent creation).
COMMITTERS = {"exchange/views_common.py", "exchange/cli.py", "exchange/search/sync.py",
              "exchange/jobs/services.py", "exchange/api/boundary.py"}


def _modules(folder: Path = EXCHANGE):
    for path in sorted(folder.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _calls(tree, attribute: str):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == attribute]


def test_only_the_request_boundary_the_cli_and_the_sync_commit():
    found = {name for name, tree in _modules() if _calls(tree, "commit")}
    allowed = COMMITTERS | {name for name in found if name.endswith("/cli.py")}
    assert found - allowed == set()


def test_views_do_not_roll_back_by_hand():
    found = {name for name, tree in _modules()
             if name.endswith("views.py") and _calls(tree, "rollback")}
    assert found == set()


def test_refusals_are_not_permission_errors():
    """PermissionError is an OSError: a real EACCES must never pass for a refusal."""
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "PermissionError":
                found.append(f"{name}:{node.lineno}")
    assert found == []


ACCESS_NAMES = {"is_staff", "belongs_to_studio", "belongs_to_enterprise", "STAFF",
                "STAFF_ROLES", "STUDIO_ROLES"}


def test_each_access_rule_has_one_definition_in_exchange_access():
    """The shared predicates are defined once; every `can_…`/`may_…` rule lives in the
    access module of its domain (`exchange/access/<domain>.py`), nowhere else."""
    shared = Counter()
    outside = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.FunctionDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            for defined in names:
                rule = defined.startswith(("can_", "may_")) and isinstance(node, ast.FunctionDef)
                if defined in ACCESS_NAMES:
                    shared[defined] += 1
                if (rule or defined in ACCESS_NAMES) and not name.startswith("exchange/access/"):
                    outside.append(f"{name}:{node.lineno} {defined}")
    assert outside == []
    assert [n for n, count in shared.items() if count > 1] == []


def test_no_module_imports_another_modules_private_names():
    """A split that imports another module's underscore names is not a split."""
    found = []
    for folder in ("exchange", "ledger", "search_index"):
        for name, tree in _modules(ROOT / folder):
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and \
                        node.module.split(".")[0] in {"exchange", "ledger", "search_index"}:
                    found += [f"{name}: {node.module}.{alias.name}" for alias in node.names
                              if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []


def test_no_re_exports_kept_alive_with_noqa():
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted(EXCHANGE.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "re-exported" in line and "noqa" in line]
    assert found == []


def test_links_are_built_from_endpoint_names():
    """Stored links (notifications) come from path_for/url_for, never f"/…/{id}"."""
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values and \
                    isinstance(node.values[0], ast.Constant) and \
                    str(node.values[0].value).startswith("/") and \
                    any(isinstance(v, ast.FormattedValue) for v in node.values):
                found.append(f"{name}:{node.lineno}")
    assert found == []


MONEY = {"parse_yuan", "format_yuan", "format_money", "fen_to_input", "parse_percent_bp",
         "bp_to_input", "scaled_int", "MONEY_MESSAGES", "PERCENT_MESSAGES"}


def test_money_has_one_home():
    """Money parsing and formatting live in exchange/money.py; no domain borrows another
    domain's module for it."""
    found = []
    for name, tree in _modules():
        for node in tree.body:
            defined = [node.name] if isinstance(node, ast.FunctionDef) else [
                t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
            found += [f"{name}: {d}" for d in defined if d in MONEY]
    assert found == [f"exchange/money.py: {n}" for n in (
        "MONEY_MESSAGES", "PERCENT_MESSAGES", "scaled_int", "parse_yuan", "format_yuan",
        "format_money", "fen_to_input", "parse_percent_bp", "bp_to_input")]


def test_every_url_of_a_domain_is_declared_in_its_blueprint_module(app):
    """Indico's blueprint.py: a newcomer finds every URL of a domain in one file; no view
    module adds routes (no @bp.route, no routes registered as an import side effect)."""
    decorated = [f"{name}:{node.lineno}" for name, tree in _modules()
                 for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Attribute) and node.func.attr == "route"]
    assert decorated == []
    declared = Counter()
    for path in sorted(EXCHANGE.glob("*/blueprint.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "add_url_rule":
                declared[path.parent.name] += 1
    modules = [app.view_functions[rule.endpoint].__module__
               for rule in app.url_map.iter_rules()]
    registered = Counter(m.split(".")[1] for m in modules if m.startswith("exchange."))
    assert registered == declared
