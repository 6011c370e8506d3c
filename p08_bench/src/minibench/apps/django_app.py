"""The scenarios on Django, in one module: settings, URLconf, views and the WSGI application.

A real project spreads these over settings.py, urls.py and views.py; one module keeps the
benchmark's apps side by side and lets a server import it by name. The settings are Django's
for production (`DEBUG=False`) with nothing installed: no middleware, no apps, no database,
so the time measured is the request/response cycle and the URL resolver, not CSRF or sessions.
Pydantic validates the body and shapes the answer (`ItemPublic`), the dependencies are a
context manager around the view's work, and `handler404` answers FastAPI's JSON body.
Django is synchronous here (WSGI): `/io` sleeps in its thread.

Settings are configured only if nothing configured them before, so this module imports
cleanly in a process that holds the other apps (or another Django configuration).
"""

import time

# Django ships no type information (django-stubs is a separate project, not installed here).
from django.conf import settings  # type: ignore[import-untyped]
from django.core.wsgi import get_wsgi_application  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse, JsonResponse  # type: ignore[import-untyped]
from django.urls import path  # type: ignore[import-untyped]
from django.views.decorators.http import require_POST  # type: ignore[import-untyped]
from pydantic import BaseModel, ValidationError

from minibench.apps.session import open_session, repository, service
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


class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


class ItemPublic(BaseModel):
    name: str
    price: float


def plaintext(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, World!", content_type="text/plain")


def hello(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"message": "Hello, World!"})


def read_item(request: HttpRequest, item_id: int) -> HttpResponse:
    return JsonResponse({"item_id": item_id, "q": request.GET.get("q")})


def create_item(request: HttpRequest) -> HttpResponse:
    try:
        item = Item.model_validate_json(request.body)
    except ValidationError as error:  # the input may be bytes, which JSON cannot carry
        return JsonResponse({"detail": error.errors(include_url=False, include_input=False)}, status=422)
    public = ItemPublic.model_validate(item, from_attributes=True)
    return HttpResponse(public.model_dump_json(), content_type="application/json")


def deps(request: HttpRequest) -> HttpResponse:
    with open_session() as session:
        svc = service(repository(session))
        state = "open" if svc["repository"]["session"]["open"] else "closed"
        return JsonResponse({"user": svc["user"], "session": state})


def io(request: HttpRequest) -> HttpResponse:
    time.sleep(IO_SECONDS)
    return JsonResponse({"slept": IO_SECONDS})


def cpu(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"result": cpu_work()})


def extra(request: HttpRequest, item_id: int, route: int) -> HttpResponse:
    return JsonResponse({"route": route, "item_id": item_id})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return JsonResponse({"detail": "Not Found"}, status=404)


handler404 = not_found
urlpatterns = [
    path("plaintext", plaintext),
    path("json", hello),
    path("items/<int:item_id>", read_item),
    path("items", require_POST(create_item)),
    path("deps", deps),
    path("io", io),
    path("cpu", cpu),
]
urlpatterns += [
    path(f"extra/{route}/<int:item_id>", extra, {"route": route}) for route in range(EXTRA_ROUTES)
]
application = get_wsgi_application()
