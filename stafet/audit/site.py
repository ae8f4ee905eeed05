"""Stafet's admin site: for administrators only, and every change made in it is on the audit trail.

Installed in place of ``django.contrib.admin`` (``INSTALLED_APPS`` names ``stafet.audit.apps.AdminConfig``),
so the ``@admin.register`` of every app, Django's and third parties' included, lands here.

A model with a lifecycle (``stafet.lifecycle``) shows its status read-only, in its own admin and in every inline:
a status changes only through the app's actions (which keep counters, constraints and the audit trail right),
offered here as admin actions by :func:`lifecycle_action`.
"""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.forms.renderers import DjangoTemplates
from django.http import Http404, HttpRequest
from django.utils.translation import ngettext

from stafet.audit.record import describe, field_names_only, record
from stafet.lifecycle import Lifecycle

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The admin's styles expect Django's own form markup, not the dkfds markup of Stafet's FORM_RENDERER.
ADMIN_RENDERER = DjangoTemplates()


class Described:
    """An object as Django's admin log sees it, named by ``describe()`` rather than by its ``str()``."""

    def __init__(self, obj: Model) -> None:
        self._meta, self.pk, self._name = obj._meta, obj.pk, describe(obj)

    def __str__(self) -> str:
        return self._name


class AuditedModelAdmin(admin.ModelAdmin):
    """Writes an audit record beside Django's own admin log, in the same transaction as the change; renders its
    forms as Django's admin does."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if issubclass(self.model, Lifecycle) and "status" not in fields:
            fields.append("status")
        return fields

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:  # instances made for this request: changing them changes nothing else
            if issubclass(inline.model, Lifecycle) and "status" not in inline.readonly_fields:
                # django-stubs declare it a ClassVar; this instance is the request's own (see above)
                inline.readonly_fields = (*inline.readonly_fields, "status")  # type: ignore[misc]
        return inlines

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        # Django turns ?<date>__year=… of the date drill-down into a date and fails with a server error on a year,
        # month or day no date has; as for any other bad filter, the list then says "the filter is wrong" and
        # shows everything (?e=1).
        if self.date_hierarchy:
            for part in ("year", "month", "day"):
                value = request.GET.get(f"{self.date_hierarchy}__{part}")
                if value is not None and not (value.isascii() and value.isdigit() and 1 <= int(value) <= 9999):
                    raise IncorrectLookupParameters(part)
        return super().get_changelist_instance(request)

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.default_renderer = ADMIN_RENDERER
        return form

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.renderer = ADMIN_RENDERER
            yield formset, inline

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        formset.renderer = ADMIN_RENDERER  # type: ignore[attr-defined]  # set by formset_factory; not in django-stubs
        return formset

    # Django's admin log (LogEntry) and the audit record name objects by kind and id, and keep only the field
    # names of a change: both outlive a person's erasure (stafet.audit.record.describe).
    def log_addition(self, request, obj, message):  # inside the admin's atomic save
        message = field_names_only(message)
        record(actor=request.user, action="admin.added", target=obj, change=message)
        return super().log_addition(request, Described(obj), message)

    def log_change(self, request, obj, message):
        message = field_names_only(message)
        record(actor=request.user, action="admin.changed", target=obj, change=message)
        return super().log_change(request, Described(obj), message)

    def log_deletions(self, request, queryset):
        # Django's log_actions only iterates what it is given, reading each object's _meta, pk and str().
        return super().log_deletions(request, [Described(obj) for obj in queryset])  # type: ignore[arg-type]

    # Deleting is not always inside a transaction in the admin (the bulk action is not): make it one here.
    def delete_model(self, request, obj):
        with transaction.atomic():
            record(actor=request.user, action="admin.deleted", target=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record(actor=request.user, action="admin.deleted", target=obj)
            super().delete_queryset(request, queryset)


def lifecycle_action(name: str, description: "StrOrPromise", act: Callable[[Any, Any], object]) -> Callable:
    """An admin action that moves each selected object with ``act(obj, user)`` (an app's action). A refusal is
    reported for its object, with the action's reason, and the others still move."""

    @admin.action(description=description)
    def action(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Model]) -> None:
        done = 0
        for obj in queryset:
            try:
                act(obj, request.user)
            except ValidationError as error:
                model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            model_admin.message_user(request, ngettext("%(n)s done.", "%(n)s done.", done) % {"n": done})

    action.__name__ = name
    return action


class AdminSite(admin.AdminSite):
    site_header = "Stafet"
    site_title = "Stafet admin"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(admin_class.__name__, (AuditedModelAdmin, admin_class), {"__module__": __name__})
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        """A logged-in user who is not an administrator gets a 404, as everywhere else in Stafet; only an
        anonymous visitor is sent to the admin's login."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def administrators_only(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return administrators_only
