"""Findings that stay but are lowered or reworded (issue 10): the examples pin lines only;
these pin the severity, confidence or wording that the precision work changed."""

from __future__ import annotations

from auditor.testing import run_bad_example


def _run(check_id: str, note_start: str, tmp_path):
    return run_bad_example(check_id, note_start, tmp_path)


def _findings(check_id: str, note_start: str, tmp_path):
    return [(f.severity, f.confidence) for f in _run(check_id, note_start, tmp_path)]


def test_debug_behind_a_catch_all_middleware_is_info(tmp_path):
    assert _findings("PRD008", "compensated: a catch-all", tmp_path) == [("info", "medium")]


def test_debug_behind_a_middleware_that_reraises_stays_a_warning(tmp_path):
    assert _findings("PRD008", "a middleware that re-raises", tmp_path) == [("warning", "high")]


def test_a_model_goes_to_the_schemas_of_its_own_component(tmp_path):
    messages = {f.path: f.message for f in _run("STR002", "components keep", tmp_path)}
    # not app/gateway/schemas/ (another component's) nor app/schemas.py (a router module)
    assert messages["app/tracking/server.py"].endswith("move it to `app/tracking/schemas.py`")
    # the nearest schemas package above the router
    assert messages["app/tracking/api/v1/items.py"].endswith(
        "move it to the `app/tracking/api/schemas/` package"
    )


def test_a_model_goes_where_the_project_keeps_its_models(tmp_path):
    [singular] = _run("STR002", "the project's own schema package", tmp_path / "one")
    assert singular.message.endswith("move it to the `svc/api/schema/` package")
    [siblings] = _run("STR002", "sibling routers keep", tmp_path / "two")
    assert siblings.message.endswith("move it to `app/routers/python/models.py`")
    [above] = _run("STR002", "a flat package whose routers sit", tmp_path / "three")
    assert above.message.endswith("move it to `notes_api/schemas.py`"), above.message
    [beside] = _run("STR002", "a feature package that keeps its own tables", tmp_path / "four")
    assert beside.message.endswith("move it to `kit/auth/schemas.py`"), beside.message


def test_library_modules_named_like_tests_leave_no_tests(tmp_path):
    [found] = _run("TST002", "library modules named like tests", tmp_path)
    assert (found.severity, found.message[:14]) == ("warning", "no tests found")


def test_a_proxy_helper_without_status_keeps_the_201_advice(tmp_path):
    [found] = _run("RTE004", "the other side of the proxy trap", tmp_path)
    # the helper's Response is answered as it is: a decorator's status_code= would change
    # only the docs, so the advice names the response (round 46, termroom app.py:4392)
    assert found.message.endswith(
        "no `status_code=` (a creation usually answers 201, or 202 when it only queues the "
        "work; the handler returns built responses, which keep their own status: pass it to "
        "the one that answers the creation, and `status_code=` to the decorator for the docs)"
    )


def test_reload_in_a_compose_file_is_a_medium_warning(tmp_path):
    found = {
        (f.path, f.severity, f.confidence)
        for f in _run("PRD003", "compose commands (flow list", tmp_path)
    }
    assert found == {
        ("docker-compose.yml", "warning", "medium"),
        ("gunicorn.conf.py", "error", "high"),
    }


def test_reload_in_the_image_of_an_app_titled_for_local_dev_is_a_medium_warning(tmp_path):
    (finding,) = _run("PRD003", "an image whose app is titled for local development", tmp_path)
    assert (finding.severity, finding.confidence) == ("warning", "medium")
    assert finding.message == (
        '`uvicorn --reload` in `CMD ["uvicorn", "stub.main:app", "--host", "0.0.0.0", "--...`: '
        "a development server, in the image of an app titled for local "
        "development; check that no production deployment builds it"
    )
    # the same image without the title: the production image, an error
    (plain,) = _run("PRD003", "the other side of the dev-profile trap", tmp_path / "b")
    assert (plain.severity, plain.confidence) == ("error", "high")


def test_no_user_on_an_unknown_base_image_is_medium(tmp_path):
    (finding,) = _run("PRD005", "a base image that is not an official one", tmp_path)
    assert (finding.severity, finding.confidence) == ("warning", "medium")
    assert finding.message.endswith(
        "(unless `registry.example.com/platform/python-base:2.4` itself sets a user)"
    )
    # an official image runs as root: high
    (official,) = _run("PRD005", "the deployed stage is the one", tmp_path / "b")
    assert official.confidence == "high"


def test_response_model_unseen_value_and_kwargs_app_are_medium(tmp_path):
    found = {
        f.line: (f.severity, f.confidence)
        for f in _run("RTE001", "an app of a FastAPI subclass built from", tmp_path)
    }
    # the app's default response class is hidden in **kwargs: medium, even for decoded JSON;
    # a library call's result is no proof of data either: medium
    assert found == {18: ("info", "medium"), 24: ("info", "medium")}


def test_response_model_data_seen_is_high(tmp_path):
    found = [
        (f.severity, f.confidence)
        for f in _run("RTE001", "add_api_route and a returned local", tmp_path)
    ]
    assert found == [("info", "high")]


def test_deprecated_json_response_advice_fits_the_use(tmp_path):
    found = {
        f.line: f.message
        for f in _run("RTE003", "error responses and exception handlers", tmp_path)
    }
    assert "build a `JSONResponse` with the same arguments instead" in found[9]
    assert "build a `JSONResponse` with the same arguments instead" in found[15]
    assert "return the data from a route with a declared return type" in found[16]


def test_response_model_value_not_seen_is_medium(tmp_path):
    found = [(f.severity, f.confidence) for f in _run("RTE001", "a method called on", tmp_path)]
    assert found == [("info", "medium")]


def test_deprecated_json_response_with_unknown_version_is_medium_info(tmp_path):
    # no pin or lock: the deprecation is assumed (the pins may sit outside the audited folder)
    assert set(_findings("RTE003", "one finding per use", tmp_path)) == {("info", "medium")}


def test_deprecated_json_response_with_known_version_stays_a_warning(tmp_path):
    assert set(_findings("RTE003", "module aliases and renamed imports", tmp_path)) == {
        ("warning", "high")
    }


def test_yield_dependency_closed_by_a_route_itself_is_medium_info(tmp_path):
    found = {
        f.line: (f.severity, f.confidence, f.message)
        for f in _run("DEP003", "a route that closes the yielded resource", tmp_path)
    }
    assert found[27][:2] == ("info", "medium")
    assert "cannot replace it" in found[27][2] and "never runs" not in found[27][2]
    assert found[32][:2] == ("warning", "high")


def test_hash_field_defaulting_to_none_is_not_an_error(tmp_path):
    assert _findings("SEC005", "a hash field that defaults to None", tmp_path) == [
        ("warning", "medium")
    ]


def test_required_hash_field_stays_an_error(tmp_path):
    assert _findings("SEC005", "", tmp_path) == [("error", "high")]


def test_field_required_is_deleted_not_moved_into_the_schema(tmp_path):
    found = [
        (f.line, f.message) for f in _run("PYD003", "`required=` is no Field option", tmp_path)
    ]
    assert [line for line, _ in found] == [5, 6, 7]
    assert all("json_schema_extra" not in m for _, m in found)
    assert found[0][1].endswith("a field without a default is required already; delete it")
    assert found[1][1].endswith("a field without a default is required already; delete it")
    assert "a field with a default is optional" in found[2][1]


def test_a_secret_default_nothing_reads_is_info(tmp_path):
    found = {(f.line, f.severity, f.confidence) for f in _run("SET003", "unread fields", tmp_path)}
    # SECRET_KEY: no use but its declaration; JWT_SECRET read as an attribute; SESSION_SECRET
    # read by getattr with its quoted name
    assert found == {(5, "info", "medium"), (6, "warning", "medium"), (7, "warning", "medium")}


def test_a_url_template_is_info_and_says_why(tmp_path):
    found = {(f.line, f.severity, f.message) for f in _run("SET003", "URL templates", tmp_path)}
    assert found == {
        (
            6,
            "info",
            "settings field `POSTGRES_URL` defaults to a URL template whose parts name their "
            "slots (`postgresql://user:password@host:port/dbname`): no credential, but the app "
            "starts without the variable and fails only when it connects; make it required",
        ),
        (
            10,
            "info",
            "settings field `REDIS_URL` defaults to a URL template whose parts name their "
            "slots (`redis://username:password@hostname:6379/0`): no credential, but the app "
            "starts without the variable and fails only when it connects; make it required",
        ),
        (
            11,
            "warning",
            "settings field `LOCAL_URL` defaults to a URL with an embedded password "
            "(`postgresql://user:***@...`)",
        ),
    }


def test_another_declaration_of_a_secret_is_no_read(tmp_path):
    found = {
        (f.line, f.severity, f.message)
        for f in _run("SET003", "unread through declarations", tmp_path)
    }
    assert found == {
        (
            12,
            "info",
            "settings field `SECRET_KEY` has a hard-coded secret default: make it required "
            "(ruff S105); nothing in the project reads `SECRET_KEY`",
        ),
        (
            13,
            "warning",
            "settings field `TOKEN_SECRET` has a hard-coded secret default: make it required "
            "(ruff S105)",
        ),
    }


def test_a_variable_the_configuration_module_reads_points_there(tmp_path):
    messages = {
        (f.path, f.line): f.message
        for f in _run("SET005", "configuration modules already", tmp_path)
    }
    assert messages[("app/session.py", 5)].endswith(
        "the configuration already reads `APP_SIGNING_KEY` (`app.config.settings.APP_SIGNING_KEY`); "
        "import it from there"
    )
    assert messages[("app/session.py", 9)].endswith(
        "(`app.config.settings.default_role()`); call it"
    )
    # a function that needs an argument names no value to take: the advice stays
    assert messages[("app/storage.py", 5)].endswith("declare `APP_DATA_DIR` on a settings class")
    # cuga cuga/backend/events/principal.py:175: cuga/config.py's get_tenant_id() keeps the
    # read in a local it returns (or the configured value): the fix is to call it
    assert messages[("app/session.py", 13)].endswith(
        "the configuration already reads `APP_TENANT_ID` (`app.config.settings.tenant_id()`); "
        "call it"
    )
    # a function that keeps the read in a local and returns something else holds no value
    assert messages[("app/session.py", 17)].endswith("declare `APP_REGION` on a settings class")


def test_a_variable_the_configuration_holds_otherwise_says_how_to_take_it(tmp_path):
    messages = {
        (f.path, f.line): (f.message, f.fix.title if f.fix else "")
        for f in _run("SET005", "variables the configuration holds otherwise", tmp_path)
    }
    # workspace-mcp auth/google_auth.py:291: OAuthConfig.__init__ reads it into client_id
    assert messages[("app/login.py", 7)] == (
        '`os.getenv("APP_OAUTH_CLIENT_ID")` reads the environment outside the settings: the '
        "configuration class `app.oauth_config.OAuthConfig` already reads "
        "`APP_OAUTH_CLIENT_ID` into `client_id`; read that field of the configuration object",
        "Read the field the configuration class already holds",
    )
    # workspace-mcp auth/service_decorator.py:104: core.config.USER_GOOGLE_EMAIL is None in
    # multi-user mode, so importing it would change what this code reads
    assert messages[("app/login.py", 11)] == (
        '`os.getenv("APP_DEFAULT_EMAIL")` reads the environment outside the settings: the '
        "configuration already reads `APP_DEFAULT_EMAIL`, but `app.core.config.DEFAULT_EMAIL` "
        "holds it only under a condition; keep the variable's own value in the configuration "
        "too and read that",
        "Keep the variable's value in the configuration module and read it there",
    )


def test_a_variable_the_configuration_loader_maps_names_its_key(tmp_path):
    # orb-py orb/infrastructure/adapters/console_adapter.py:63: config/loader.py maps
    # ORB_LOG_CONSOLE_ENABLED onto logging.console_enabled of the configuration it builds
    [found] = _run("SET005", "a variable the configuration loader maps", tmp_path)
    assert (found.path, found.line) == ("app/console.py", 5)
    assert found.message == (
        '`os.environ.get("APP_LOG_CONSOLE_ENABLED")` reads the environment outside the '
        "settings: the configuration loader already maps `APP_LOG_CONSOLE_ENABLED` onto "
        "`logging.console_enabled`; read that field of the loaded configuration"
    )
    assert found.fix is not None
    assert found.fix.title == "Read the field the configuration loader already fills"


def test_a_module_that_builds_an_app_is_no_configuration_to_import(tmp_path):
    # synheart-wear-cli server/whoop_api.py:250: `server.unified_api` is another application
    [found] = _run("SET005", "a server module that gathers", tmp_path)
    assert found.message.endswith("declare `WHOOP_CLIENT_ID` on a settings class")


def test_a_second_knob_for_a_declared_field_says_use_the_field(tmp_path):
    # buraq contrib/sessions/backends/file.py:33: SESSION_FILE_PATH is declared already
    found = {f.line: f.message for f in _run("SET005", "a second knob", tmp_path)}
    assert found[11].endswith(
        "it falls back from the settings field `SESSION_FILE_PATH` read just before; drop it, "
        "or make `APP_SESSION_PATH` that field's alias"
    )
    assert found[15].endswith("declare `CACHE_DIR` on a settings class")
    # `self.api_key` is the client's own attribute, not the settings' `api_key`
    assert found[20].endswith("declare `ACME_API_KEY` on a settings class")


def test_a_variable_declared_as_a_configuration_object_points_there(tmp_path):
    # clearml debugging/log.py:114: config/defs.py declares CLEARML_LOG_LEVEL as
    # LOG_LEVEL_ENV_VAR = EnvEntry(...): declaring it on a settings class is the wrong advice
    found = {
        f.line: (f.message, f.fix.title if f.fix else "")
        for f in _run("SET005", "a variable the configuration declares as an object", tmp_path)
    }
    assert found[5] == (
        '`os.getenv("APP_LOG_LEVEL")` reads the environment outside the settings: the '
        "configuration already declares `APP_LOG_LEVEL` "
        "(`app.config.defs.LOG_LEVEL_ENV_VAR = EnvEntry(...)`); read it through that "
        "declaration, not raw",
        "Read the variable through the declaration the configuration already holds",
    )
    assert found[9][0].endswith("declare `APP_LOG_COLOUR` on a settings class")


def test_a_raw_read_of_a_declared_variable_says_read_the_field(tmp_path):
    # kioku-ai kioku/cloud/telemetry.py:242: KIOKU_TELEMETRY_REGION is KiokuConfig's
    # `telemetry_region` (env_prefix KIOKU_): declaring it again is the wrong advice
    found = {f.line: f.message for f in _run("SET005", "a raw read of a variable the", tmp_path)}
    assert found[5].endswith("the settings already declare it (`region`); read that field instead")
    assert found[9].endswith("declare `SHOP_CONSENT` on a settings class")


def test_marked_tests_of_a_wheel_do_not_show_strict_mode(tmp_path):
    # fast-agave tests/conftest.py:220: @pytest.mark.asyncio was needed before 0.19 too, and
    # the wheel leaves out the requirements-test.txt that pins pytest-asyncio 0.15
    assert _findings("TST003", "a wheel's tests marked", tmp_path / "marked") == [
        ("info", "medium")
    ]
    # `@pytest_asyncio.fixture` beside it does show a strict-mode suite
    assert _findings("TST003", "an unpacked wheel ships its tests", tmp_path / "strict") == [
        ("warning", "medium")
    ]


def test_a_secret_setting_nothing_reads_is_not_an_error(tmp_path):
    found = {
        (f.line, f.severity, f.confidence)
        for f in _run("SEC005", "settings handed to every client", tmp_path)
    }
    # TrackingSettings.api_key: no code reads it (it exists to be delivered); the payments
    # secret_key is read to sign the server's own calls
    assert found == {(18, "warning", "medium"), (23, "error", "high")}


def test_a_task_whose_coroutine_catches_its_errors_is_not_said_to_lose_them(tmp_path):
    found = {f.line: f.message for f in _run("ASY004", "a stored coroutine", tmp_path)}
    assert "never seen" in found[11] and "never seen" in found[14]
    assert "never seen" not in found[15]
    assert found[15].endswith("`_guarded` catches and handles exceptions itself")


def test_a_task_whose_coroutine_suppresses_every_error_is_not_said_to_lose_them(tmp_path):
    # buraq utils/log.py:53: `_send` wraps its work in `contextlib.suppress(Exception)`
    found = {f.line: f.message for f in _run("ASY004", "a coroutine that swallows", tmp_path)}
    assert found[12].endswith("`_send` catches and handles exceptions itself")
    assert "never seen" in found[13]


def test_a_task_whose_coroutine_gathers_with_return_exceptions_is_not_said_to_lose_them(
    tmp_path,
):
    # openhands-agent-server conversation_service.py:1315: `_notify_and_log_errors` gathers
    # the subscribers' posts with return_exceptions=True and logs each failure
    found = {f.line: f.message for f in _run("ASY004", "a coroutine that gathers", tmp_path)}
    assert "never seen" not in found[18]
    assert found[18].endswith(
        "`_notify_all` gathers its work with `return_exceptions=True`: "
        "the errors come back to it as results"
    )
    assert "never seen" in found[19]


def test_a_module_coroutine_defined_below_the_call_is_read_for_its_handler(tmp_path):
    # neuralgentics-web web/shell/reload.py:340: `_safe_shutdown` is defined after the
    # function that starts it; the module binds it before that function runs
    found = {f.line: f.message for f in _run("ASY004", "module-level coroutines", tmp_path)}
    assert found[6].endswith("`_safe_close` catches and handles exceptions itself")
    assert "never seen" in found[7]


def test_a_task_of_another_modules_method_that_catches_its_errors_is_not_said_to_lose_them(
    tmp_path,
):
    # kimi-cli telemetry/__init__.py:135: `_sink: EventSink | None`, and `EventSink.flush`
    # (telemetry/sink.py) only awaits `self._flush_async()`, which catches every Exception
    found = {f.line: f.message for f in _run("ASY004", "a method of a class of another", tmp_path)}
    assert found[16].endswith(
        "its work stop halfway (ruff RUF006); `Sink.flush` awaits `Sink._send`, which "
        "catches and handles exceptions itself"
    )
    assert found[19] == found[16].replace(
        "asyncio.get_running_loop().create_task", "asyncio.ensure_future"
    )
    assert found[17].endswith("its exceptions are never seen (ruff RUF006)")


def test_a_task_of_another_modules_function_that_catches_its_errors_is_not_said_to_lose_them(
    tmp_path,
):
    # cuga events/app.py:2192: `direct_events.dispatch_all(...)` (another module, imported
    # in the route's function) catches and logs each watcher's failure in its loop
    found = {f.line: f.message for f in _run("ASY004", "a coroutine function of another", tmp_path)}
    assert found[13] == (
        "`asyncio.create_task()` result is discarded: the task can be garbage-collected "
        "mid-flight and its work stop halfway (ruff RUF006); `notify_all` catches and handles "
        "exceptions itself"
    )
    assert found[14].endswith("its exceptions are never seen (ruff RUF006)")


def test_a_try_around_a_pure_helper_of_any_value_is_info(tmp_path):
    found = {
        f.line: (f.severity, f.confidence, f.message)
        for f in _run("ERR002", "a try that only calls a helper computing", tmp_path)
    }
    assert found[23][:2] == ("info", "medium")
    assert "only calls `normalise()`" in found[23][2] and "SQL" not in found[23][2]
    assert found[27][:2] == ("warning", "medium")
    assert found[36][:2] == ("warning", "medium")


def test_a_try_validating_a_local_rebound_from_itself_is_info(tmp_path):
    """Round 30 (harbor viewer/server.py:1152): ``data = expand_paths(data)`` before the
    ``try`` still holds only the request, so validating it sends a message about the
    caller's input; a local that also takes what the server read stays a warning."""
    found = {
        f.line: (str(f.severity), f.message)
        for f in _run("ERR002", "a local rebound from itself", tmp_path)
    }
    assert found[20] == (
        "info",
        '`f"...{e}"` from `except Exception` is sent to the client, but the `try` only '
        "validates the request into `RunConfig`: catch `pydantic.ValidationError` rather than "
        "every exception, so that nothing else can leak",
    )
    assert found[31][0] == "warning" and "SQL, hosts, paths or credentials" in found[31][1]


def test_a_try_building_the_answer_from_values_in_hand_is_info(tmp_path):
    """Round 43 (hier-config-api routers/batch.py:78): the ``try`` only reads a record's
    items into the model it returns; a model with a validator of its own stays a warning."""
    found = {
        f.line: (str(f.severity), f.confidence, f.message)
        for f in _run("ERR002", "a try that only builds the answer", tmp_path)
    }
    assert found[38] == (
        "info",
        "medium",
        '`f"...{e}"` from `except Exception` is sent to the client, but the `try` only builds '
        "the `JobOut` it answers with from values in hand (items of a record, the request's "
        "parameters): its errors can only name a missing key or echo a value the route would "
        "send anyway; catch `KeyError` and `pydantic.ValidationError` rather than every "
        "exception, so that nothing else can leak",
    )
    assert found[48][:2] == ("warning", "medium")
    assert "SQL, hosts, paths or credentials" in found[48][2]
