"""Round 48 (H54), lead: name heuristics the held-out judges corrected."""

from __future__ import annotations

import pytest

from auditor.testing import run_noted_example as _run
from checks.log001_sensitive_data_logged import is_log_secret


@pytest.mark.parametrize(
    "name",
    ["must_change_password", "needs_password_reset", "can_reset_password", "requires_token"],
)
def test_log001_a_yes_or_no_flag_about_a_password_is_not_one(name):
    # cullis-connector admin/users_router.py:129: `user.must_change_password` is a bool
    assert not is_log_secret(name)


@pytest.mark.parametrize("name", ["password", "new_password", "reset_token", "mustache_token"])
def test_log001_the_credentials_themselves_still_are(name):
    assert is_log_secret(name)


def test_log001_flags_in_the_good_example_are_silent(tmp_path):
    assert _run("LOG001", "wrapped values, non-secret suffixes", tmp_path, "good") == []


def test_sec007_an_oauth_start_handing_the_request_to_authlib_takes_no_credential(tmp_path):
    # kaptive-web api/routes/auth.py:57, plombery api/authentication.py:63:
    # `return await oauth.github.authorize_redirect(request, redirect_uri)`
    assert _run("SEC007", "a GET handing only the request to Authlib", tmp_path, "good") == []
