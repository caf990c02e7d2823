from django.contrib import admin

from .events import outbox
from .models import AuditEvent, Membership, Organization, OutboxMessage, TeamInvitation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(TeamInvitation)
class TeamInvitationAdmin(admin.ModelAdmin):
    list_display = ["organization", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    exclude = ["token_hash"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["organization", "sequence", "created_at", "action", "actor_type", "target_type"]
    list_filter = ["action", "actor_type"]
    search_fields = ["action", "target_id"]

    # The log is append-only: staff can read it, never change it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GivenUp(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("given_up", "Given up"), ("waiting", "Waiting"), ("done", "Done")]

    def queryset(self, request, queryset):
        if self.value() == "given_up":
            return queryset.filter(given_up_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(dispatched_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(dispatched_at__isnull=False, given_up_at__isnull=True)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Post-commit work (palantrix.events.outbox): what waits, and what was given up after
    OUTBOX_MAX_SENDS sends, with its task and ids, for staff to look into and send again."""

    list_display = [
        "pk",
        "topic",
        "payload",
        "organization",
        "created_at",
        "attempts",
        "last_error",
        "dispatched_at",
        "given_up_at",
    ]
    list_filter = [GivenUp, "topic"]
    search_fields = ["topic"]
    actions = ["send_again"]

    @admin.action(description="Send the selected given-up rows again")
    def send_again(self, request, queryset):
        sent = outbox.outbox_send_again(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{sent} given-up row(s) will be sent again by the relay.")

    # Rows are the outbox's: staff read them and send given-up ones again, nothing else.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
