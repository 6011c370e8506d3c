"""`nox -s serve`: the Todo service under uvicorn, or under gunicorn with uvicorn workers.

    python examples/serve.py [--host 127.0.0.1] [--port 8000] [--workers N]

One worker is uvicorn on its own. Several are gunicorn's pre-fork model with uvicorn's
worker class: gunicorn supervises the processes (restarts one that dies, stops them all on
SIGTERM) and each runs its own event loop. The workers share the SQLite file and must share
the JWT signing key, so one is made here (unless TODO_SECRET_KEY is set) and handed to all.
"""

import argparse
import os
import secrets
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args()
    os.environ.setdefault("TODO_SECRET_KEY", secrets.token_hex(32))
    print(f"Todo API on http://{options.host}:{options.port}/docs (Ctrl+C stops it)", flush=True)
    if options.workers == 1:
        import uvicorn

        uvicorn.run("app:app", app_dir=str(HERE), host=options.host, port=options.port)
        return
    gunicorn = [sys.executable, "-m", "gunicorn", "app:app", "--chdir", str(HERE)]
    gunicorn += ["--worker-class", "uvicorn_worker.UvicornWorker", "--workers", str(options.workers)]
    gunicorn += ["--bind", f"{options.host}:{options.port}"]
    os.execv(sys.executable, gunicorn)  # gunicorn becomes this process: signals reach it directly


if __name__ == "__main__":
    main()
