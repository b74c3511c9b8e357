"""Known vulnerabilities in the pinned requirements (pip-audit): fails when
one has a fixed version to move to; lists what could not be audited (a
package index without vulnerability data, such as a local mirror, skips)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "-r",
            str(ROOT / "requirements.txt"),
            "-f",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(result.stderr[-3000:], file=sys.stderr)
        return 1
    fixable, unfixed, skipped = [], [], []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped.append(dependency["name"])
        for vulnerability in dependency.get("vulns", []):
            line = f"{dependency['name']} {dependency.get('version')}: {vulnerability['id']}"
            (fixable if vulnerability.get("fix_versions") else unfixed).append(
                line
                + (
                    f" (fixed in {', '.join(vulnerability['fix_versions'])})"
                    if vulnerability.get("fix_versions")
                    else ""
                )
            )
    for line in unfixed:
        print(f"known, no fix yet: {line}")
    if skipped:
        print(f"not audited ({len(skipped)}: the index has no vulnerability data for them): {', '.join(skipped)}")
    for line in fixable:
        print(f"VULNERABLE, fix available: {line}", file=sys.stderr)
    print(f"pip-audit: {len(fixable)} fixable, {len(unfixed)} without a fix, {len(skipped)} not audited")
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main())
