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
