from django.contrib import admin

from stafet.matches.models import MatchRun, PairRule, Proposal, UnmatchedParticipant


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    raw_id_fields = ["participant", "mentor", "opening"]


class UnmatchedInline(admin.TabularInline):
    model = UnmatchedParticipant
    extra = 0
    raw_id_fields = ["participant"]


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin):
    list_display = ["cohort", "role", "status", "created_at", "created_by"]
    list_filter = ["status", "role"]
    inlines = [ProposalInline, UnmatchedInline]
    exclude = ["created_by"]


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    list_display = ["cohort", "participant", "mentor", "kind", "reason"]
    list_filter = ["kind"]
    raw_id_fields = ["participant", "mentor"]
    exclude = ["created_by"]
