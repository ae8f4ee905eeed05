from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stafet.audit.site import lifecycle_action
from stafet.matches.actions import discard_match_run
from stafet.matches.models import MatchRun, PairRule, Proposal, UnmatchedParticipant


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    raw_id_fields = ["participant", "mentor", "opening"]
    readonly_fields = ["parts"]  # the engine's figures


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
    # A run is a record of what the engine was given and proposed; it is published from the matching page,
    # which creates the mentorships.
    readonly_fields = ["weights", "stats", "published_at"]
    actions = [
        lifecycle_action(
            "discard", _("Discard the selected proposals"), lambda run, by: discard_match_run(run=run, by=by)
        )
    ]


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    list_display = ["cohort", "participant", "mentor", "kind", "reason"]
    list_filter = ["kind"]
    raw_id_fields = ["participant", "mentor"]
    exclude = ["created_by"]
