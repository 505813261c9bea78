"""Audit the locked dependencies for known vulnerabilities with pip-audit.

Usage: python tools/audit_dependencies.py REQUIREMENTS [--service pypi|osv]

Exit 1 when any locked version has a known vulnerability. A package the vulnerability
service cannot answer for is reported by name; when the service answers for none of
them (no network to it), the audit says plainly that nothing was checked and exits 0,
unless AUDIT_REQUIRED=1, where that is a failure too (set it where the service is
reachable, so that an outage cannot pass silently).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("requirements")
    parser.add_argument("--service", default="pypi", choices=["pypi", "osv"])
    args = parser.parse_args()
    pip_audit = Path(sys.executable).with_name("pip-audit")
    result = subprocess.run(
        [
            str(pip_audit),
            "--format",
            "json",
            "--progress-spinner",
            "off",
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            args.service,
            "-r",
            args.requirements,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr, file=sys.stderr)
        print(
            "Dependency audit: pip-audit gave no report (see above).", file=sys.stderr
        )
        return 1
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unanswered = [d["name"] for d in dependencies if d.get("skip_reason")]
    checked = len(dependencies) - len(unanswered)
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        print(
            f"Dependency audit: {len(vulnerable)} locked package(s) have known "
            "vulnerabilities. Upgrade them: uv lock --upgrade-package NAME."
        )
        return 1
    if unanswered and checked == 0:
        print(
            f"Dependency audit: the {args.service} vulnerability service answered for "
            f"none of the {len(dependencies)} packages (is it reachable from here?). "
            "NOTHING WAS CHECKED. Run `make audit` where it is reachable."
        )
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    if unanswered:
        print("Dependency audit: no answer for " + ", ".join(sorted(unanswered)))
        if os.environ.get("AUDIT_REQUIRED") == "1":
            return 1
    print(f"Dependency audit: {checked} packages checked, no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
