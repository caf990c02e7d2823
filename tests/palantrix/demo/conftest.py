from pathlib import Path

import pytest

# The demo recordings are keyed by voice, script and recipe (web/demo/media.py) and written
# atomically, so every test process and every run can share them, as make run's var/ does:
# a fresh clone makes them once, later runs make none.
DEMO_MEDIA = Path(__file__).resolve().parents[3] / "var" / "test-cache" / "demo-media"


@pytest.fixture
def demo_settings(settings, s3_bucket):
    """A local run: debug on, the test bucket, the recordings cached between runs."""
    settings.DEBUG = True
    settings.DEMO_MEDIA_DIR = DEMO_MEDIA
    return settings
