"""What a run was, as the report's first section: when, the command, the settings, the machine,
the CPU pinning and the versions.

A requests/s figure means nothing on its own: the same code gives numbers twice as high on
another machine, with more users, or with locust on its own core. These lines are what someone
needs to reproduce the run, or to tell whether two reports can be compared at all.
"""

from __future__ import annotations

from typing import Any

SECONDS = ("duration", "warmup")  # the run's settings given in seconds


def what_ran(meta: dict[str, Any]) -> str:
    """The report's first section, from the `meta` a run saved; what a run left out reads "unknown"."""
    machine = meta.get("machine") or {}
    pinning = meta.get("pinning")
    settings = meta.get("settings") or {}
    versions = ", ".join(f"{name} {version}" for name, version in (meta.get("versions") or {}).items())
    lines = [
        f"- Started: {meta.get('started', 'unknown')}",
        f"- Command: `{meta.get('command', 'unknown')}`",
        "- Settings:" + "".join(f"\n  - {key}: {_setting(key, value)}" for key, value in settings.items())
        if settings
        else "- Settings: unknown",
        f"- Machine: {machine.get('cpu_model', 'unknown CPU')}, {machine.get('cpus', '?')} CPUs, "
        f"Python {machine.get('python', '?')}, {machine.get('platform', 'unknown platform')}",
        f"- Pinning: server on CPU {_cpus(pinning, 'server')}, locust on CPU {_cpus(pinning, 'client')}"
        if pinning
        else "- Pinning: none (server and locust share every CPU)",
        f"- Versions: {versions or 'unknown'}",
    ]
    return "## What was run\n\n" + "\n".join(lines)


def _setting(key: str, value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "none"
    return f"{value} s" if key in SECONDS else str(value)


def _cpus(pinning: dict[str, list[int]], side: str) -> str:
    return ", ".join(str(cpu) for cpu in pinning.get(side) or []) or "?"
