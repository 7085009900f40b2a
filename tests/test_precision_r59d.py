"""Round 59 (H62 craft-dashboard, H63 flux-restful, refgenieserver, gaard-api, H62
iflow-mcp-prism-shadow-context9), helper D: docs linked from the pages an application
ships; error texts that reach only the callers a privilege gate admits."""

from __future__ import annotations

from auditor.testing import run_noted_example as _run


def test_rte002_pages_the_app_ships_linking_the_docs_publish_them(tmp_path):
    # craft-dashboard templates/base.html:96 `<a href="/docs">API</a>` in every page's footer
    assert _run("RTE002", "the footer of every page the site renders", tmp_path, "good") == []
    [found] = _run("RTE002", "the other side of the shipped pages' link: the page", tmp_path / "b")
    assert (found.path, found.line) == ("site/worker.py", 3)


def test_rte002_page_docs_link_pattern():
    from checks.rte002_docs_exposed_in_production import _PAGE_DOCS_LINK

    assert _PAGE_DOCS_LINK.search('<a class="nav-link" href="/docs"><b>API</b></a>')
    assert _PAGE_DOCS_LINK.search("<A HREF='/openapi.json'>schema</A>")
    assert _PAGE_DOCS_LINK.search('<a href="{{ base }}/redoc/">ReDoc</a>')
    assert not _PAGE_DOCS_LINK.search('<a href="https://fastapi.tiangolo.com/docs">FastAPI</a>')
    assert not _PAGE_DOCS_LINK.search('<a href="/docs/guide.html">Guide</a>')
    assert not _PAGE_DOCS_LINK.search('<link rel="help" href="/docs">')


def test_err002_privileged_gate_lowers_to_info_with_its_reason(tmp_path):
    # gaard-api admin.py:3664 behind get_current_admin -> `principal.user.role != "admin"`
    [found] = _run("ERR002", "a route behind a dependency refusing with 403", tmp_path)
    assert found.severity == "info"
    assert found.message == (
        "`str(exc)` from `except SQLAlchemyError` is sent to the client, but only callers "
        "that `require_operator` admits reach the route (it refuses every other with 401 or "
        "403): the text goes to administrators; send them a fixed message and log the "
        "exception, so that the server's SQL, hosts or paths stay in its logs"
    )


def test_err002_gates_that_admit_plain_callers_keep_the_warning(tmp_path):
    for i, note in enumerate(
        (
            "the other side of the administrators' gate: a role",
            "the other side of the administrators' gate: a superuser",
        )
    ):
        [found] = _run("ERR002", note, tmp_path / str(i))
        assert found.severity == "warning"
        assert found.message.endswith("it can leak SQL, hosts, paths or credentials")


def test_err002_privilege_test_reading():
    import ast

    from checks.err002_internal_error_details_leaked import _privilege_test

    def read(src: str) -> str | None:
        return _privilege_test(ast.parse(src, mode="eval").body)

    assert read('user.role != "admin"') == "admin"
    assert read("not user.is_superuser") == "is_superuser"
    assert read("not user or not user.is_staff") == "is_staff"
    assert read("admin_session is None") is None
    assert read('user.role not in {"user", "admin"}') is None
    assert read("not user.is_admin and user.id != owner") is None


def test_rte002_docs_gated_by_the_apps_authentication_middleware(tmp_path):
    # open-edit serve/app.py:71 + auth.py:85-104: TokenAuthMiddleware exempts only /health
    assert _run("RTE002", "an authentication middleware answers 401", tmp_path, "good") == []
    [found] = _run("RTE002", "the other side of the gated docs", tmp_path / "b")
    assert found.line == 20
