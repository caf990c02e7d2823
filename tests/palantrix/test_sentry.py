"""Error reports go to Sentry only when SENTRY_DSN is set, and without personal data."""

import os
import subprocess
import sys

import sentry_sdk
from django.conf import settings

from tests.conftest import ROOT

PROBE = (
    "import django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
    "print(c.is_active(), c.options['send_default_pii'], c.options['include_local_variables'], "
    "c.options['max_request_body_size'], sorted(i for i in c.integrations if i in "
    "('django', 'celery')))"
)


def test_without_a_dsn_nothing_is_reported():
    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_reports_are_on_and_carry_no_personal_data():
    # Nothing is sent: the probe raises no error, and the address answers nothing.
    env = {**os.environ, "SENTRY_DSN": "http://public@127.0.0.1:9/1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "True False False never ['celery', 'django']"
