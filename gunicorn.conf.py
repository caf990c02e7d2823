"""gunicorn reads this file from the working directory (the image's /app) at start.

With PROMETHEUS_MULTIPROC_DIR set, each worker process writes its metrics to files there;
a worker that exits is marked dead so that its live gauges stop counting (palantrix.metrics).
"""

import os

from prometheus_client import multiprocess


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
