"""Round 46c: SEC007 on a bare ``/auth`` that stores the credentials the server uses for its
own calls (dc43-service-backends dc43_service_backends/server.py:384, H52): the examples pin
lines only; these pin the wording, and that the rule needs the handler to check nothing."""

from __future__ import annotations

from auditor.testing import run_bad_example, run_noted_example


def test_a_bare_auth_that_compares_the_token_stays_reported(tmp_path):
    [f] = run_bad_example("SEC007", "the other side of the stored credentials", tmp_path)
    assert (f.severity, f.line, f.message) == (
        "info",
        13,
        "no rate limiting found for auth-sensitive routes (POST /upstream/auth); ignore this "
        "if the gateway or reverse proxy enforces limits",
    )


def test_a_bare_auth_that_stores_what_it_is_sent_is_not_reported(tmp_path):
    found = run_noted_example("SEC007", "a bare `/auth` that stores", tmp_path, kind="good")
    assert found == []


def test_any_sign_of_a_check_keeps_a_bare_auth(tmp_path):
    # trap: a value returned, a lookup by name, a credential library, a project function
    # that may answer 401, the raw request (its Authorization header): each may answer
    # differently to a right and a wrong credential
    from auditor.testing import noted_example, run_example
    from checks.sec007_no_rate_limiting import _UPSTREAM_AUTH

    check, example = noted_example("SEC007", "a bare `/auth` that stores", kind="good")
    bodies = {
        "returns": ("-> None:", "-> dict:", "    return {'ok': True}\n"),
        "lookup": ("-> None:", "-> None:", "    upstream['user'] = get_user(body.token)\n"),
        "library": ("-> None:", "-> None:", "    upstream['t'] = hmac.new(b'k').hexdigest()\n"),
        "delegate": ("-> None:", "-> None:", "    apply(body.token)\n"),
        "request": ("body: Credentials)", "body: Credentials, request: Request)", "    pass\n"),
    }
    for name, (old, new, line) in bodies.items():
        source = _UPSTREAM_AUTH.replace(old, new).replace("{body}", line)
        source = "import hmac\nfrom app.users import apply, get_user\n" + source
        source = source.replace("import FastAPI", "import FastAPI, Request")
        users = (
            "def get_user(t): ...\ndef apply(t):\n    if t:\n        raise PermissionError(401)\n"
        )
        files = {**example.files, "app/main.py": source, "app/users.py": users}
        findings, _ = run_example(check, example.__class__(files=files), tmp_path / name)
        assert [f.line for f in findings] == [15], name


# -- ERR002: a try whose project code can fail only with a message it wrote (round 46c; --------
# mcp-openproject mcp_server/http/app.py:259, H52)


def test_a_key_read_from_a_file_stays_a_leak_warning(tmp_path):
    [f] = run_bad_example("ERR002", "the other side of the fixed message", tmp_path)
    assert (f.severity, f.line, f.message) == (
        "warning",
        14,
        '`f"...{e}"` from `except Exception` is sent to the client in '
        "`HTTPException(detail=...)`: it can leak SQL, hosts, paths or credentials",
    )


def test_a_message_built_from_what_was_read_is_not_fixed(tmp_path):
    # trap: the message carries a value (an f-string), or the singleton's method calls a
    # library function: what it raises is no longer only the project's own words
    from auditor.testing import noted_example, run_example

    check, example = noted_example(
        "ERR002",
        "the `try` takes no outside value and only calls project code that reads",
        kind="good",
    )
    keys = example.files["app/keys.py"]
    variants = {
        "formatted": keys.replace('"SIGNING_KEY is required"', 'f"SIGNING_KEY {self.key!r}"'),
        "library": keys.replace(
            'return {"scheme"', 'return {"host": socket.gethostname(), "scheme"'
        ).replace("import os\n", "import os\nimport socket\n"),
    }
    for name, source in variants.items():
        files = {**example.files, "app/keys.py": source}
        findings, _ = run_example(check, example.__class__(files=files), tmp_path / name)
        assert [f.line for f in findings] == [14], name
