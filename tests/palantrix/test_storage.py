"""Object storage goes through the S3 API of a real local server that checks signatures."""

import urllib.error
import urllib.request
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from palantrix.storage import s3_client

pytestmark = pytest.mark.usefixtures("s3_bucket")


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_an_object_written_through_storage_reads_back_and_its_presigned_url_works():
    name = default_storage.save(f"tests/{uuid.uuid4()}.txt", ContentFile(b"hello, palantrix"))

    with default_storage.open(name) as stored:
        assert stored.read() == b"hello, palantrix"
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url
    assert fetch(url) == (200, b"hello, palantrix")

    tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
    assert fetch(tampered)[0] == 403
    default_storage.delete(name)
    assert not default_storage.exists(name)


def test_the_bucket_lets_the_app_origin_upload_from_the_browser(settings):
    cors = s3_client().get_bucket_cors(Bucket=settings.S3_BUCKET)["CORSRules"][0]
    assert settings.PUBLIC_BASE_URL in cors["AllowedOrigins"]
    assert "PUT" in cors["AllowedMethods"]
    assert "ETag" in cors["ExposeHeaders"]


@pytest.mark.django_db
def test_an_uploaded_logo_is_stored_in_s3_and_shown_on_the_dashboard(client_for, admin, org):
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    client = client_for(admin)
    client.post(
        reverse("organization_settings", kwargs={"org": org.slug}),
        {
            "name": org.name,
            "brand_color": org.brand_color,
            "logo": SimpleUploadedFile("logo.png", png, content_type="image/png"),
        },
    )
    org.refresh_from_db()
    assert org.logo.name.startswith("branding/logos/")
    head = s3_client().head_object(Bucket=default_storage.bucket_name, Key=org.logo.name)
    assert head["ContentLength"] == len(png)
    dashboard = client.get(reverse("dashboard", kwargs={"org": org.slug})).content.decode()
    assert "X-Amz-Signature=" in dashboard
