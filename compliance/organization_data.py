"""The organisation's own data: an export of everything it holds, and deleting it
entirely (its data policy and documents are `compliance.data_policy`).

Exports are built by a worker into the bucket (`orgs/<org>/exports/<id>.zip`, JSON of
every row plus the media) and downloaded through a short-lived presigned URL: robust for
any size, and the web process never carries the bytes. They expire after a week.

Deleting an organisation ends its members' access at once, then a worker removes every
object under `orgs/<org>/` (all versions and unfinished uploads) and the logo, and then,
in one transaction, every row the organisation owns, its audit chain included. What
survives is an `OrganizationDeletion` row with ids and counts, and a log line.
"""

import functools
import io
import json
import logging
import tempfile
import zipfile
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connection, models, transaction
from django.utils import timezone

from palantrix import audit, events, privacy
from palantrix.audit import Actor
from palantrix.errors import DomainError
from palantrix.models import (
    AuditChainHead,
    AuditEvent,
    Membership,
    Organization,
    TeamInvitation,
    user_or_none,
)
from palantrix.storage import delete_keys, delete_prefix, s3_client

from .lifecycle import STALE_EXPORT
from .models import CandidateTombstone, DataExport, OrganizationDeletion

logger = logging.getLogger(__name__)

EXPORT_DAYS = 7
EXPORT_ACTOR = audit.SystemActor("compliance.export")
ERASE_ACTOR = audit.SystemActor("compliance.erase")


def organization_prefix(organization: Organization) -> str:
    return f"orgs/{organization.public_id}/"


# --- Export of everything ----------------------------------------------------------------------


def _organization_field(model: type[models.Model]) -> "models.Field[Any, Any] | None":
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is Organization:
            return field
    return None


def _organization_column(model: type[models.Model]) -> "models.Field[Any, Any]":
    """The field of an owned model (see `owned_models`) that names its organisation."""
    field = _organization_field(model)
    if field is None:
        raise ValueError(f"{model._meta.label} is not owned by an organisation.")
    return field


def owned_models() -> list[type[models.Model]]:
    """Every model with rows owned by an organisation (tenant data, its audit chain, its
    settings), found by introspection so that a new model is never forgotten."""
    return [
        model
        for model in apps.get_models()
        if model is not OrganizationDeletion and _organization_field(model) is not None
    ]


@transaction.atomic
def organization_export_request(*, organization: Organization, actor: Actor) -> DataExport:
    export = DataExport.objects.create(organization=organization, requested_by=user_or_none(actor))
    audit.record(
        organization=organization,
        actor=actor,
        action="compliance.organization.export_requested",
        target=export,
    )
    # Built once however often the outbox delivers it: the build claims the export.
    events.later(
        "compliance.build_organization_export", organization=organization, export_id=export.pk
    )
    return export


# Credentials stay out of the export: whoever holds the ZIP could sign webhooks as us or
# match API keys. Each is created afresh after a restore.
EXPORT_OMITTED_FIELDS = {
    "api.webhookendpoint": {"secret", "previous_secret", "previous_secret_until"},
    "api.apikey": {"secret_hash"},
}


def _exported_fields(model: type[models.Model]) -> list[str] | None:
    """The fields written for `model`, or None for all of them."""
    omitted = EXPORT_OMITTED_FIELDS.get(model._meta.label_lower)
    if not omitted:
        return None
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in omitted
    ]


def _write_rows(archive: zipfile.ZipFile, organization: Organization) -> int:
    rows = 0
    for model in owned_models():
        field = _organization_column(model)
        queryset = model._default_manager.filter(**{field.name: organization}).order_by("pk")
        count = queryset.count()
        if not count:
            continue
        rows += count
        with archive.open(f"data/{model._meta.label_lower}.json", "w") as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8")
            serializers.serialize(
                "json",
                queryset.iterator(chunk_size=500),
                stream=stream,
                fields=_exported_fields(model),
            )
            stream.flush()
            stream.detach()
    return rows


def _write_media(archive: zipfile.ZipFile, organization: Organization) -> int:
    client, written = s3_client(), 0
    prefix = organization_prefix(organization)
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=settings.S3_BUCKET, Prefix=prefix
    ):
        keys += [item["Key"] for item in page.get("Contents", [])]
    if organization.logo:
        keys.append(organization.logo.name)
    for key in keys:
        if key.startswith(f"{prefix}exports/"):
            continue
        body = client.get_object(Bucket=settings.S3_BUCKET, Key=key)["Body"]
        with archive.open(f"media/{key}", "w", force_zip64=True) as target:
            for chunk in iter(functools.partial(body.read, 1024 * 1024), b""):
                target.write(chunk)
        written += 1
    return written


def organization_export_build(*, export_id: int) -> bool:
    """Build the ZIP (once: a conditional UPDATE claims it) and put it in the bucket."""
    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).update(
        status=DataExport.Status.RUNNING
    )
    if not claimed:
        return False
    export = DataExport.objects.select_related("organization").get(pk=export_id)
    organization = export.organization
    key = f"{organization_prefix(organization)}exports/{export.public_id}.zip"
    try:
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                members = [
                    {"email": m.user.email, "name": m.user.get_full_name(), "role": m.role}
                    for m in Membership.objects.for_organization(organization).select_related(
                        "user"
                    )
                ]
                archive.writestr("members.json", json.dumps(members, indent=2))
                rows = _write_rows(archive, organization)
                objects = _write_media(archive, organization)
                archive.writestr(
                    "README.txt",
                    "All data of the organisation as Palantrix holds it: data/ has one JSON "
                    "file per kind of record (Django's serialisation, ids as in the audit "
                    "log), media/ the recordings and files under their storage keys.\n",
                )
            size = spool.tell()
            spool.seek(0)
            s3_client().upload_fileobj(
                spool, settings.S3_BUCKET, key, ExtraArgs={"ContentType": "application/zip"}
            )
    except Exception:
        logger.exception("export=%s failed", export.public_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, problem="The export could not be built; try again."
        )
        raise
    now = timezone.now()
    with transaction.atomic():
        # A candidate purged since the export was asked for may be in it. The purge locks
        # the organisation's row too, so either it sees this export ready and removes it,
        # or this sees its tombstone.
        Organization.objects.select_for_update(no_key=True).filter(pk=organization.pk).first()
        if (
            CandidateTombstone.objects.for_organization(organization)
            .filter(purged_at__gt=export.created_at)
            .exists()
        ):
            delete_keys([key])
            DataExport.objects.filter(pk=export_id).update(
                status=DataExport.Status.EXPIRED, finished_at=now, problem=STALE_EXPORT
            )
            return False
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.READY,
            object_key=key,
            size_bytes=size,
            finished_at=now,
            expires_at=now + timedelta(days=EXPORT_DAYS),
        )
        audit.record(
            organization=organization,
            actor=EXPORT_ACTOR,
            action="compliance.organization.exported",
            target=export,
            data={"rows": rows, "objects": objects, "bytes": size},
        )
    return True


@transaction.atomic
def organization_export_download(*, export: DataExport, actor: Actor) -> str:
    """A presigned URL for the ZIP, valid for `S3_PRESIGNED_TTL` seconds."""
    if export.status != DataExport.Status.READY or (
        export.expires_at and export.expires_at <= timezone.now()
    ):
        raise DomainError("This export is not available: it is not ready yet or has expired.")
    audit.record(
        organization=export.organization,
        actor=actor,
        action="compliance.organization.export_downloaded",
        target=export,
    )
    url: str = s3_client().generate_presigned_url(
        "get_object",
        Params={
            "Bucket": settings.S3_BUCKET,
            "Key": export.object_key,
            "ResponseContentDisposition": (
                f'attachment; filename="{export.organization.slug}-export.zip"'
            ),
        },
        ExpiresIn=settings.S3_PRESIGNED_TTL,
    )
    return url


def exports_expire(now: datetime | None = None) -> int:
    """Remove exports older than a week from the bucket (run with the nightly purge)."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(
        status=DataExport.Status.READY, expires_at__lte=now
    ).select_related("organization"):
        delete_keys([export.object_key])  # every version, not just a delete marker
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.EXPIRED)
        expired += 1
    return expired


# --- Deleting the organisation -----------------------------------------------------------------


@transaction.atomic
def organization_delete_request(
    *, organization: Organization, actor: Actor, confirmation: str
) -> OrganizationDeletion:
    """Typed confirmation: the organisation's exact name. Access ends now; a worker erases."""
    if confirmation.strip() != organization.name:
        raise DomainError(
            f"Type the organisation's name exactly as shown ({organization.name}) to delete it."
        )
    deletion, _ = OrganizationDeletion.objects.get_or_create(
        organization_public_id=organization.public_id,
        defaults={
            "organization_pk": organization.pk,
            "requested_by_id": str(getattr(actor, "pk", "") or ""),
            "requested_at": timezone.now(),
        },
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="palantrix.organization.deletion_requested",
        target=organization,
        data={"deletion": deletion.pk},
    )
    Membership.objects.for_organization(organization).delete()
    TeamInvitation.objects.for_organization(organization).delete()
    # Machines lose access with the people (API keys, webhooks: each app's privacy hooks).
    privacy.organization_access_end(organization=organization)
    logger.warning(
        "organization deletion requested organization=%s by_user=%s",
        organization.public_id,
        deletion.requested_by_id,
    )
    # The row names no organisation: the erasure deletes every row that names this one
    # (its pending outbox rows too), and this one must outlive it. Safe to repeat.
    events.later("compliance.erase_organization", organization=None, deletion_id=deletion.pk)
    return deletion


def organization_erase(*, deletion_id: int) -> OrganizationDeletion:
    """Objects first, then every row in one transaction; safe to repeat."""
    deletion = OrganizationDeletion.objects.get(pk=deletion_id)
    organization = Organization.objects.filter(pk=deletion.organization_pk).first()
    if organization is None or deletion.finished_at:
        return deletion

    prefix = organization_prefix(organization)
    # Objects the apps keep outside the organisation's folder go too.
    stray = privacy.organization_objects(organization=organization)
    if organization.logo.name:
        stray.append(organization.logo.name)
    objects = delete_prefix(prefix, keys=tuple(stray))
    rows = _erase_rows(organization)
    OrganizationDeletion.objects.filter(pk=deletion.pk).update(
        finished_at=timezone.now(),
        objects_deleted=models.F("objects_deleted") + objects,
        rows_deleted=rows,
    )
    logger.warning(
        "organization deleted organization=%s objects=%d rows=%d",
        deletion.organization_public_id,
        objects,
        rows,
    )
    deletion.refresh_from_db()
    return deletion


def organization_erase_pending() -> int:
    """Nightly: finish deletions a failed or lost task left half done (safe to repeat)."""
    pending = OrganizationDeletion.objects.filter(
        finished_at__isnull=True, requested_at__lte=timezone.now() - timedelta(minutes=30)
    ).values_list("pk", flat=True)
    finished = 0
    for deletion_id in list(pending):
        try:
            organization_erase(deletion_id=deletion_id)
            finished += 1
        except Exception:  # logged; tried again the next night
            logger.exception("organization deletion=%s failed", deletion_id)
    return finished


@transaction.atomic
def _erase_rows(organization: Organization) -> int:
    """Delete every row the organisation owns. Foreign keys are checked at commit in
    PostgreSQL (Django makes them deferrable), so the order does not matter. The app's
    database role may not delete audit rows: the owner's function removes this one
    organisation's chain, and only because its deletion was requested."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT compliance_erase_organization_audit(%s)", [organization.pk])
        rows: int = cursor.fetchone()[0]
        for model in owned_models():
            if model in (AuditEvent, AuditChainHead):
                continue
            field = _organization_column(model)
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} "
                f"WHERE {connection.ops.quote_name(str(field.column))} = %s",
                [organization.pk],
            )
            rows += cursor.rowcount
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(Organization._meta.db_table)} WHERE id = %s",
            [organization.pk],
        )
        rows += cursor.rowcount
    return rows
