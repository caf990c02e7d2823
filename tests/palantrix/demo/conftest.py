import pytest


@pytest.fixture(scope="session")
def _demo_media(tmp_path_factory):
    """The demo recordings, made once per test process (as var/ keeps them for make run)."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo_settings(settings, s3_bucket, _demo_media):
    """A local run: debug on, the test bucket, the recordings cached for the session."""
    settings.DEBUG = True
    settings.DEMO_MEDIA_DIR = _demo_media
    return settings
