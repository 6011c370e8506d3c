"""Vendor the Swagger UI and ReDoc browser bundles into `src/miniopenapi/static/`.

A maintainer script, run by hand when upgrading: the docs pages must work with no network,
so the JavaScript and CSS ship inside the wheel instead of coming from a CDN. It asks npm for
the two published packages (`npm pack`), keeps only the files the pages load plus each
package's license, and writes `manifest.json` with the versions and sha256 of every file, so a
test can prove the committed assets are exactly what npm published.

    python p06_openapi/scripts/vendor_assets.py            # newest 5.x / 2.x into src/
    python p06_openapi/scripts/vendor_assets.py --check    # verify the manifest, download nothing
    python p06_openapi/scripts/vendor_assets.py --into workspace/p06_openapi/miniopenapi/static
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parents[1] / "src" / "miniopenapi" / "static"

# npm spec -> {path inside the tarball: file name under static/}
PACKAGES: dict[str, dict[str, str]] = {
    "swagger-ui-dist@5": {
        "package/swagger-ui-bundle.js": "swagger-ui-bundle.js",
        "package/swagger-ui.css": "swagger-ui.css",
        "package/oauth2-redirect.js": "oauth2-redirect.js",
        "package/favicon-32x32.png": "favicon-32x32.png",
        "package/LICENSE": "LICENSE.swagger-ui",
        "package/NOTICE": "NOTICE.swagger-ui",
    },
    "redoc@2": {
        "package/bundles/redoc.standalone.js": "redoc.standalone.js",
        "package/LICENSE": "LICENSE.redoc",
    },
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pack(spec: str, workdir: Path) -> tuple[str, str, Path]:
    """`npm pack spec` into workdir; returns (name, version, tarball)."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    return info["name"], info["version"], workdir / info["filename"]


def vendor(static: Path) -> dict[str, Any]:
    packages: dict[str, str] = {}
    files: dict[str, dict[str, str]] = {}
    static.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for spec, wanted in PACKAGES.items():
            name, version, tarball = pack(spec, Path(tmp))
            packages[name] = version
            with tarfile.open(tarball) as archive:
                for member, target in wanted.items():
                    extracted = archive.extractfile(member)
                    if extracted is None:
                        raise SystemExit(f"{name}@{version} has no file {member}")
                    (static / target).write_bytes(extracted.read())
                    files[target] = {"package": name, "sha256": sha256(static / target)}
    manifest = {"packages": packages, "files": files}
    (static / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def check(static: Path) -> list[str]:
    """Files whose content no longer matches the manifest (empty when all is well)."""
    manifest = json.loads((static / "manifest.json").read_text(encoding="utf-8"))
    return [name for name, entry in manifest["files"].items() if sha256(static / name) != entry["sha256"]]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="verify the files against the manifest")
    parser.add_argument("--into", type=Path, default=STATIC, help=f"target folder (default: {STATIC})")
    options = parser.parse_args()
    if options.check:
        bad = check(options.into)
        print("all vendored files match the manifest" if not bad else f"changed: {', '.join(bad)}")
        return 1 if bad else 0
    print(json.dumps(vendor(options.into)["packages"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
