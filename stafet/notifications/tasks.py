"""Background tasks on the task worker (``stafet db_worker``): delivering the outbox, and the daily schedule.

The daily schedule is a periodic task: after each run it queues its next run for ``DAILY_AT`` the next morning
(``run_after``), and ``ScheduleState`` keeps the id of that queued task so the chain is never doubled, however
often ``stafet run_schedule`` (which also runs the rules at once) is called. Failed emails are retried the same
way: one deferred delivery task at the time the earliest retry is due.
"""

import datetime
import logging

from django.db import transaction
from django.tasks import TaskResultStatus, default_task_backend, task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone

from stafet.notifications import delivery
from stafet.notifications.models import ScheduleState

logger = logging.getLogger(__name__)

DAILY_AT = datetime.time(6, 0)  # local time: before the working day, so the digest is read with the first coffee


@task
def deliver_outbox() -> int:
    """Email everything due; queue a retry for the earliest failed email still to be tried again."""
    sent = delivery.deliver_due()
    retry_at = delivery.next_retry_at()
    if retry_at is not None:
        _ensure_queued("retry", deliver_outbox, max(retry_at, timezone.now()))
    return sent


@task
def daily_schedule() -> dict[str, int]:
    """Run the daily rules for today, then queue tomorrow's run."""
    from stafet.notifications.schedule import run_daily

    counts = run_daily()
    ensure_daily_task()
    return counts


def enqueue_delivery() -> None:
    """Queue a delivery now (called when a transaction that wrote to the outbox commits)."""
    deliver_outbox.enqueue()


def next_daily_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next ``DAILY_AT`` in local time, strictly after ``now``."""
    local = timezone.localtime(now or timezone.now())
    at = local.replace(hour=DAILY_AT.hour, minute=DAILY_AT.minute, second=0, microsecond=0)
    if at <= local:
        at = timezone.make_aware(datetime.datetime.combine(local.date() + datetime.timedelta(days=1), DAILY_AT))
    return at


def ensure_daily_task() -> None:
    _ensure_queued("daily", daily_schedule, next_daily_run())


def _ensure_queued(which: str, deferred_task, run_after: datetime.datetime) -> None:
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


def _waiting(deferred_task, task_id: str) -> bool:
    try:
        return deferred_task.get_result(task_id).status == TaskResultStatus.READY
    except TaskResultDoesNotExist:
        return False
