"""minibench: an honest benchmark of Python web frameworks, driven by locust.

Modules, in the order the lesson builds them: `spec` (the scenarios, defined once), `apps`
(each framework's implementation), `drive` and `check` (every app gives the same answers),
`servers` and `proc` (real servers, their CPU time), `load` and `locustfile` (locust as a
separate process, on a schedule both sides know), `stats`, `inprocess` and `runner`
(interleaved rounds, medians and spread), `profiling`, `report`, `charts` and `claims`
(where the time goes, and the result as a table, Markdown and PNGs), `cli`.
"""

from minibench.frameworks import FRAMEWORKS, Framework
from minibench.load import Stage, StageLoad, run_load
from minibench.results import InProcess, Profile, Result, Window
from minibench.runner import Settings, run
from minibench.servers import SETUPS, Server, Setup, serve
from minibench.spec import SCENARIOS, Scenario
from minibench.stats import Summary, summarize

__all__ = [
    "FRAMEWORKS",
    "SCENARIOS",
    "SETUPS",
    "Framework",
    "InProcess",
    "Profile",
    "Result",
    "Scenario",
    "Server",
    "Settings",
    "Setup",
    "Stage",
    "StageLoad",
    "Summary",
    "Window",
    "run",
    "run_load",
    "serve",
    "summarize",
]
