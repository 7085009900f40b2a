"""Round 46 (H52), helper r46a: SET005's JupyterHub service environment, another CLI's
variables the project only locates or tests, a container launcher's ``-e NAME=value``,
a factory a lazy module ``__getattr__`` re-exports; SET003's stand-in keys of keyless local
servers, pinned by the text the checks produce."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_set005_jupyterhubs_service_environment_is_the_platforms(tmp_path):
    # jupyter-classroom jupyter_classroom/auth.py:20, :61, :98: JUPYTERHUB_SERVICE_PREFIX
    # and JUPYTERHUB_OAUTH_CALLBACK_URL, set by the Hub for the service it starts
    assert _run("SET005", "variables of the OS, the container runtime", tmp_path, "good") == []
    [found] = _run("SET005", "the other side of JupyterHub's service", tmp_path / "own")
    assert (found.line, found.message) == (
        12,
        '`os.environ.get("JUPYTERHUB_CRYPTO_KEY")` reads the environment outside the '
        "settings: declare `JUPYTERHUB_CRYPTO_KEY` on a settings class",
    )


def test_set005_another_clis_key_only_tested_beside_its_home_folder(tmp_path):
    # painapple-code painapple_code/providers/codex/capabilities.py:93 (CODEX_HOME through
    # `or`), :98 (CODEX_API_KEY only tested to tell whether the Codex CLI is signed in)
    assert _run("SET005", "another CLI's home folder, found through", tmp_path, "good") == []
    [found] = _run("SET005", "the other side of another CLI's key", tmp_path / "own")
    assert (found.path, found.line, found.message) == (
        "app/codex.py",
        8,
        '`os.environ.get("ACME_CODEX_TOKEN")` reads the environment outside the settings: '
        "declare `ACME_CODEX_TOKEN` on a settings class",
    )


def test_set005_a_container_launchers_own_value_under_dash_e_is_a_channel(tmp_path):
    # painapple-code painapple_code/server.py:1031 reads PAINAPPLE_REVEAL_CMD, which
    # cli/deploy/container.py:440 writes as `"-e", f"PAINAPPLE_REVEAL_CMD={hint(...)}"`
    # in the `docker run` argv of the container it starts
    assert _run("SET005", "a launcher command that starts the server's", tmp_path, "good") == []
    [found] = _run("SET005", "the other side of the container launcher", tmp_path / "own")
    assert (found.path, found.line, found.message) == (
        "app/main.py",
        10,
        '`os.environ.get("APP_REVEAL_CMD")` reads the environment outside the settings: '
        "declare `APP_REVEAL_CMD` on a settings class",
    )


def test_set005_a_factory_a_lazy_module_getattr_returns_is_not_called(tmp_path):
    # hank-excel-mcp excel_mcp/relay_app.py:60 reads CHAT_CORS_ORIGINS as the fallback of
    # create_relay_app's parameter; relay.py:672-683 only re-exports the factory lazily
    assert _run("SET005", "a public factory whose parameter the read", tmp_path, "good") == []
    [found] = _run("SET005", "the other side of the lazy re-export", tmp_path / "called")
    assert (found.path, found.line, found.message) == (
        "app/realtime/factory.py",
        10,
        '`os.getenv("REALTIME_ICE_SERVERS")` reads the environment outside the settings: '
        "declare `REALTIME_ICE_SERVERS` on a settings class",
    )


def test_set003_a_keyless_local_servers_stand_in_key_is_not_a_secret(tmp_path):
    # davybot dawei/config/settings.py:321, :325: Field(default="ollama") beside
    # http://localhost:11434, Ollama's documented "required but ignored" key
    assert _run("SET003", "the documented stand-in key of a keyless", tmp_path, "good") == []
    found = _run("SET003", "the other side of a keyless local server", tmp_path / "real")
    assert [(f.path, f.line, f.message) for f in found] == [
        (
            "app/config.py",
            line,
            f"settings field `{name}` has a hard-coded secret default: make it required "
            "(ruff S105)",
        )
        for line, name in ((7, "ollama_api_key"), (8, "embedding_api_key"))
    ]
