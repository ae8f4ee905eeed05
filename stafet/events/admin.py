from django.contrib import admin

from stafet.events.models import Event, Invitation


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["mentor", "participant"]
    exclude = ["invited_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "cohort", "starts_at", "capacity", "status"]
    list_filter = ["kind", "status", "programme"]
    inlines = [InvitationInline]
    exclude = ["created_by"]
