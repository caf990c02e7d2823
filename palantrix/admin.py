from django.contrib import admin

from .models import Membership, Organization, TeamInvitation


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
