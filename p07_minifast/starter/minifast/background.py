"""`BackgroundTasks`: declare a parameter of this type and the route hands you the request's
list of tasks; they run after the response has been sent."""

from miniasgi.background import BackgroundTasks

__all__ = ["BackgroundTasks"]
