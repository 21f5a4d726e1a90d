"""Running the task queue inside a test, as `manage.py db_worker` runs it.

`run_tasks()` takes the due tasks one by one the way the worker does (locked, claimed),
then runs each with the worker's own `run_task`: the e-mails land in Django's outbox. It
runs in the test's transaction, so it sees what the test wrote.
"""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

MAX_TASKS = 500  # a task that keeps queueing itself would be a bug: stop and say so


def worker(worker_id="test-worker"):
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_tasks():
    """Run every task due now (time-machine's now); return how many ran."""
    runner = worker()
    for ran in range(MAX_TASKS):
        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().get_locked()
            if task_result is None:
                return ran
            task_result.claim(runner.worker_id)
        runner.run_task(task_result)
    raise AssertionError(f"More than {MAX_TASKS} tasks: one keeps queueing another")


def queued_tasks():
    return DBTaskResult.objects.filter(status="READY")
