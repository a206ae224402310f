"""Background work: in-process threads by default, RQ workers on Redis when REDIS_URL is set.

Both paths run the same task function, named by its import path, inside an app context:

    submit("webapp.packs.jobs:build_pack_job", job_id)

State and progress live in the database, never in the queue, so a page can show progress whichever
machine does the work. Modes (config JOBS_MODE): "thread" (default without Redis), "rq" (default
with REDIS_URL; run `rq worker -u $REDIS_URL studio-cerita` anywhere that sees the same database and
media), and "inline" (run at once, in the caller; for tests and the command line). When Redis
cannot be reached, a job runs in-process instead, with a warning in the log; the next job tries
Redis again.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app

log = logging.getLogger(__name__)

QUEUE_NAME = "studio-cerita"
JOB_TIMEOUT_SECONDS = 30 * 60

_worker_app: Flask | None = None
_worker_app_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Choose the job mode and prepare its runner."""
    mode = app.config.get("JOBS_MODE") or ("rq" if app.config.get("REDIS_URL") else "thread")
    app.config["JOBS_MODE"] = mode
    app.extensions["jobs"] = {"mode": mode, "executor": None, "lock": threading.Lock()}


def resolve(path: str) -> Callable[..., Any]:
    """Import the task function named 'module:function'."""
    module_name, _, name = path.partition(":")
    return getattr(importlib.import_module(module_name), name)


def submit(path: str, *args: Any) -> Future | str | None:
    """Run task path(*args) in the background (or inline); return a handle for tests."""
    state = current_app.extensions["jobs"]
    if state["mode"] == "inline":
        resolve(path)(*args)
        return None
    if state["mode"] == "rq":
        from redis.exceptions import RedisError

        try:
            return enqueue(path, *args)
        except RedisError:
            # Redis is down: the work still gets done, here, and the next job tries Redis again.
            log.warning("job queue unreachable; running %s%r in this process instead", path,
                        args, exc_info=True)
    return executor(state).submit(run_in_app, current_app._get_current_object(), path, *args)


def enqueue(path: str, *args: Any) -> str:
    """Put task path(*args) on the RQ queue; return the RQ job id."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=2,
                                socket_timeout=5)
    queue = Queue(QUEUE_NAME, connection=connection)
    job = queue.enqueue(run_task, path, *args, job_timeout=JOB_TIMEOUT_SECONDS,
                        failure_ttl=24 * 3600)
    return job.id


def executor(state: dict[str, Any]) -> ThreadPoolExecutor:
    """The process's pool: one worker, so a big pack never takes both cores from the pages."""
    with state["lock"]:
        if state["executor"] is None:
            workers = current_app.config.get("JOBS_THREADS", 1)
            state["executor"] = ThreadPoolExecutor(max_workers=workers,
                                                   thread_name_prefix="studio-cerita-job")
        return state["executor"]


def run_in_app(app: Flask, path: str, *args: Any) -> None:
    """Run a task in a fresh app context; log what escapes it (the task records its own failure)."""
    with app.app_context():
        try:
            resolve(path)(*args)
        except Exception:
            log.exception("background task %s%r failed", path, args)


def run_task(path: str, *args: Any) -> None:
    """Entry point for RQ workers: build the app once per worker process, then run the task."""
    global _worker_app
    with _worker_app_lock:
        if _worker_app is None:
            from webapp import create_app

            _worker_app = create_app()
    run_in_app(_worker_app, path, *args)
