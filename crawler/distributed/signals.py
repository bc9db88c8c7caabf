"""Signals of distributed mode, sent by ``FrontierScheduler`` (``crawler.report`` listens).

``worker_leaving(run, worker_id, reason)``: the worker is stopping and still counts as live
in the frontier; what it wants the other workers to know goes on ``run`` now.
``last_worker_left(run)``: the worker has left the frontier and no worker is left on it:
this run of the frontier's crawl is over (the frontier drained, or every worker stopped).
"""

worker_leaving = object()
last_worker_left = object()
