from django.conf import settings
from django.core.management.base import BaseCommand

from palantrix.audit import checkpoints
from palantrix.storage import bucket_ensure


class Command(BaseCommand):
    help = (
        "Create the S3 bucket if needed and apply its CORS and lifecycle rules; create the "
        "audit checkpoint bucket with object lock."
    )

    def handle(self, *args, **options):
        bucket = bucket_ensure()
        self.stdout.write(f"Bucket {bucket} ready at {settings.S3_ENDPOINT_URL or 'AWS S3'}.")
        self.stdout.write(f"Audit checkpoints in {checkpoints.bucket_ensure()} (object lock).")
