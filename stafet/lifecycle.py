"""Lifecycles as tables of allowed transitions (after django-oscar), one ``transition_to()`` for all."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class IllegalTransition(ValidationError):
    pass


class Lifecycle:
    """Mixin for a model with a ``status`` field and a ``TRANSITIONS`` table {from: {to, ...}}."""

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {}
    status: str

    def can_transition_to(self, new: str) -> bool:
        return new in self.TRANSITIONS.get(self.status, set())

    def allowed_transitions(self) -> list[str]:
        return sorted(self.TRANSITIONS.get(self.status, set()))

    def transition_to(self, new: str) -> str:
        """Move to ``new`` or refuse; returns the old status. The caller saves and audits."""
        if not self.can_transition_to(new):
            raise IllegalTransition(
                _("Cannot change %(model)s from “%(old)s” to “%(new)s”.")
                % {"model": self._meta.verbose_name, "old": self.status, "new": new}  # type: ignore[attr-defined]
            )
        old, self.status = self.status, new
        return old
