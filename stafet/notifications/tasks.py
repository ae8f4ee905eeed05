"""Background tasks on the task worker (``stafet db_worker``): delivering the outbox.

Failed emails are retried with one deferred delivery task at the time the earliest retry is due;
``ScheduleState`` keeps the id of each deferred task (this one, and the daily schedule's in
:mod:`stafet.notifications.schedule`) so a chain is never doubled.
"""

import datetime
import logging
from typing import Any

from django.db import transaction
from django.tasks import Task, TaskResultStatus, default_task_backend, task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone

from stafet.notifications import delivery
from stafet.notifications.models import ScheduleState

logger = logging.getLogger(__name__)


@task
def deliver_outbox() -> int:
    """Email everything due; queue a retry for the earliest failed email still to be tried again."""
    sent = delivery.deliver_due()
    retry_at = delivery.next_retry_at()
    if retry_at is not None:
        ensure_queued("retry", deliver_outbox, max(retry_at, timezone.now()))
    return sent


def enqueue_delivery() -> None:
    """Queue a delivery now (called when a transaction that wrote to the outbox commits)."""
    deliver_outbox.enqueue()


def ensure_queued(which: str, deferred_task: Task[Any, Any], run_after: datetime.datetime) -> None:
    """Queue ``deferred_task`` to run at ``run_after`` unless one is already waiting to run by then."""
    if not default_task_backend.supports_defer or not default_task_backend.supports_get_result:
        logger.info("the task backend cannot defer tasks: the %s task is not queued", which)
        return
    with transaction.atomic():
        state = _state()
        task_id, at = getattr(state, f"{which}_task_id"), getattr(state, f"{which}_task_at")
        if task_id and at is not None and at <= run_after and _waiting(deferred_task, task_id):
            return
        result = deferred_task.using(run_after=run_after).enqueue()
        setattr(state, f"{which}_task_id", str(result.id))
        setattr(state, f"{which}_task_at", run_after)
        state.save(update_fields=[f"{which}_task_id", f"{which}_task_at"])


def _state() -> ScheduleState:
    ScheduleState.objects.get_or_create(pk=1)
    return ScheduleState.objects.select_for_update().get(pk=1)


def _waiting(deferred_task: Task[Any, Any], task_id: str) -> bool:
    try:
        return deferred_task.get_result(task_id).status == TaskResultStatus.READY
    except TaskResultDoesNotExist:
        return False
