"""The server configuration a public-sector deployment needs, read from .streamlit/config.toml."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_server_config_protects_forms_caps_uploads_and_hides_error_details():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 10
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["browser"]["gatherUsageStats"] is False


def _cached_functions() -> list[tuple[str, str]]:
    found = []
    for path in ROOT.glob("**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    target = decorator.func if isinstance(decorator, ast.Call) else decorator
                    if isinstance(target, ast.Attribute) and target.attr.startswith("cache_"):
                        found.append((str(path.relative_to(ROOT)), node.name))
    return found


def test_only_shared_programme_data_is_cached_across_users():
    # ui/resources.py: the framework and the database engine; ui/cache.py: the read side's results keyed
    # by the storage's version stamps (never anything about one session). Nothing else.
    assert {path for path, _name in _cached_functions()} == {"ui/resources.py", "ui/cache.py"}
    assert sorted(name for path, name in _cached_functions() if path == "ui/resources.py") == ["framework", "store"]


def test_the_domain_package_never_imports_streamlit():
    for path in (ROOT / "assessment").glob("**/*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "streamlit" or n.startswith("streamlit.") for n in names), path
