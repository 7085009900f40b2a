"""Round 45 (H51), helper r45b: SET005's platform variables of an editor's terminal and
WSL, SET003's sentinel refused through a helper's parameter, LOG001's public demo login,
pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_set005_an_editors_terminal_and_wsls_session_variables_are_the_platforms(tmp_path):
    # mcp-feedback-webui mcp_feedback_enhanced/server.py:586-590: VSCODE_INJECTION,
    # WSL_DISTRO_NAME, WSL_INTEROP, WSLENV echoed into get_system_info's report
    assert _run("SET005", "variables of the OS, the container runtime", tmp_path, "good") == []
    found = _run("SET005", "the other side of the platform table", tmp_path / "own")
    assert (found[-1].line, found[-1].message) == (
        17,
        '`os.getenv("WSL_MOUNT_ROOT")` reads the environment outside the settings: '
        "declare `WSL_MOUNT_ROOT` on a settings class",
    )


def test_set003_a_default_a_launch_helper_refuses_is_a_sentinel(tmp_path):
    # webgate webgate/config.py:11: __main__.py's check_secret_key(secret, host) compares
    # `secret` with DEFAULT_SECRET, the same literal; main passes settings.secret_key
    assert _run("SET003", "a sentinel the launch command refuses", tmp_path, "good") == []
    [found] = _run("SET003", "the launch command refuses the shipped literal", tmp_path / "b")
    assert (found.path, found.line, found.message) == (
        "app/config.py",
        6,
        "settings field `secret_key` has a hard-coded secret default: make it required (ruff S105)",
    )


def test_log001_a_public_demo_login_is_not_reported(tmp_path):
    # webgate webgate/demo.py:62 logs DEMO_USERNAME/DEMO_PASSWORD ('demo'/'demo')
    assert _run("LOG001", "a default password the code ships", tmp_path, "good") == []
    found = _run("LOG001", "the other side of the written-default", tmp_path / "b")
    assert [(f.path, f.line, f.message) for f in found][-1] == (
        "app/keys.py",
        11,
        "`log.info()` logs `DEMO_API_TOKEN`: never log passwords, tokens, keys or raw headers",
    )
