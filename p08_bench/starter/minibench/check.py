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
    raise NotImplementedError(
        "Ask the framework's app each scenario through `drive.answer` and compare with "
        "`scenario.matches`; return one sentence per difference, '<framework> <target>: <how it "
        "differs>'. An app that raises is '<framework> <target>: the app raised <error!r>'; one "
        "that does not load at all, '<framework>: the app does not load (<framework.app>): "
        "<error!r>': sentences too, never a crash."
    )


def problems_over_http(base_url: str, scenarios: Iterable[Scenario] = SCENARIOS) -> list[str]:
    """How a running server at `base_url` differs from the spec: `[]` when it does not.

    The sentences name the request only: the caller knows which framework and server it started.
    """
    raise NotImplementedError(
        "Send each scenario's request to the server with httpx (its body as JSON) and compare "
        "the answer with `scenario.matches`; return '<target>: <how it differs>' per difference, "
        "and '<target>: no answer (...)' when the request fails."
    )
