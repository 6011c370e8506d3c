"""The scenarios on Django, in one module: settings, URLconf, views and the WSGI application.

To write: one view per scenario of `minibench/spec.py`, each in `urlpatterns` (path("plaintext",
...), path("items/<int:item_id>", ...), POST-only "items", ...), then the EXTRA_ROUTES routes
extra/<n>/<int:item_id>, and a `handler404` that answers {"detail": "Not Found"} as JSON.
Read `fastapi_app.py` first: it is the model, and every app must give its answers exactly
(`minibench.check` compares them).

A real project spreads these over settings.py, urls.py and views.py; one module keeps the
benchmark's apps side by side and lets a server import it by name. The settings are Django's
for production (`DEBUG=False`) with nothing installed: no middleware, no apps, no database,
so the time measured is the request/response cycle and the URL resolver, not CSRF or sessions.
Pydantic validates the body and shapes the answer (`ItemPublic`), the dependencies are a
context manager around the view's work. Django is synchronous here (WSGI): `/io` sleeps in
its thread.

Settings are configured only if nothing configured them before, so this module imports
cleanly in a process that holds the other apps (or another Django configuration).
The dependency chain to wire by hand is given in `apps/session.py`.
"""

from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from minibench.spec import EXTRA_ROUTES, IO_SECONDS, cpu_work

if not settings.configured:
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        SECRET_KEY="minibench: no sessions or signing, the key protects nothing",
    )

urlpatterns: list[Any] = []
application = get_wsgi_application()
