"""Running blocking code from async code: miniasgi's helpers."""

from miniasgi.concurrency import iterate_in_threadpool, run_in_threadpool

__all__ = ["iterate_in_threadpool", "run_in_threadpool"]
