from django.contrib import admin

from .models import AuditEvent


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
