"""Every app answers every scenario as `minibench.spec` says, before anything is timed.

A benchmark of different answers measures different work: an app that answers 500, or
forgets the response model and sends the secret back, is faster for the wrong reason. So a run
checks each app twice: here in process (`problems`), then each real server over HTTP once it
is up (`problems_over_http`), since a server can break what the app did right (a missing
content type, a body cut short). Each difference is one sentence naming the request.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from minibench import drive
from minibench.frameworks import Framework
from minibench.spec import SCENARIOS, Scenario


def problems(framework: Framework, scenarios: Iterable[Scenario] = SCENARIOS) -> list[str]:
    """How the framework's app, called in process, differs from the spec: `[]` when it does not."""
    try:
        framework.load()
    except Exception as error:
        return [f"{framework.name}: the app does not load ({framework.app}): {error!r}"]
    found = []
    for scenario in scenarios:
        try:
            got = drive.answer(framework, scenario)
        except Exception as error:
            found.append(f"{framework.name} {scenario.target}: the app raised {error!r}")
            continue
        difference = scenario.matches(got.status, got.media_type, got.body)
        if difference is not None:
            found.append(f"{framework.name} {scenario.target}: {difference}")
    return found


def problems_over_http(base_url: str, scenarios: Iterable[Scenario] = SCENARIOS) -> list[str]:
    """How a running server at `base_url` differs from the spec: `[]` when it does not.

    The sentences name the request only: the caller knows which framework and server it started.
    """
    found = []
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        for scenario in scenarios:
            headers = {"content-type": drive.JSON} if scenario.body else {}
            try:
                response = client.request(
                    scenario.method, scenario.target, content=scenario.body, headers=headers
                )
            except httpx.HTTPError as error:
                found.append(f"{scenario.target}: no answer ({error!r})")
                continue
            media_type = drive.media_type(response.headers.get("content-type", ""))
            difference = scenario.matches(response.status_code, media_type, response.content)
            if difference is not None:
                found.append(f"{scenario.target}: {difference}")
    return found
