"""manage.py db_worker: django-tasks-db's worker, made to outlive a database outage.

The stock worker exits on the first database error other than a locked SQLite. This one logs it, closes the
broken connection and tries again after a growing pause (1 s, doubling, at most 10 s), so that the worker
picks up the queue by itself once the database is back, without a supervisor restarting it. It takes the
same options. (kyky.core comes before django_tasks_db in INSTALLED_APPS so that this command is the one run.)

A task that was running when the database went away cannot be marked finished; it stays "running" in the
admin and is not retried by the worker. The document and e-mail tasks are swept up hourly anyway
(``send_reminders``: e-mails whose retry is due and missing agreement PDFs).
"""

from __future__ import annotations

import logging
import os
import time

from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

FIRST_PAUSE = 1.0
LONGEST_PAUSE = 10.0
#: A run this long without a database error counts as recovered: the next outage starts from the first pause.
HEALTHY_AFTER = 60.0


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # a dead connection may fail to close; it is dropped either way
            logger.debug("Closing the broken database connection failed", exc_info=True)


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        pause = FIRST_PAUSE
        while True:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as exc:
                if not self.running:
                    raise
                if time.monotonic() - started > HEALTHY_AFTER:
                    pause = FIRST_PAUSE
                logger.warning("Database unavailable (%s); the worker tries again in %.0f s.", exc, pause)
                _close_connections()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)


class Command(db_worker.Command):
    help = "Run a database background worker that waits out database outages and reconnects by itself."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options) -> None:  # fmt: skip
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("Warning: --reload and --batch cannot be specified together. Disabling autoreload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
