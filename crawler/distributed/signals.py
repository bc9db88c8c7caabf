"""Signals of distributed mode, sent by ``FrontierScheduler`` (``crawler.report`` listens).

``worker_leaving(run, worker_id, reason)``: the worker is stopping and still counts as live
in the frontier; what it wants the other workers to know goes on ``run`` now.
``frontier_drained(run)``: the worker has left a drained frontier and no worker is left:
the crawl of the frontier is over.
"""

worker_leaving = object()
frontier_drained = object()
