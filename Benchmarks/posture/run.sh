#!/usr/bin/env bash
# Posture scan time and coverage, Rampart against Checkov (PyPI, in its own venv, --skip-download) in the same run.
#
#   Benchmarks/posture/run.sh [CORPUS_DIR...]
#
# Corpora: the posture test fixtures (CloudFormation templates and Terraform plans), the same fixtures copied 50
# times (throughput once start-up is paid), the public CloudFormation templates of cfn-lint's test suite (its PyPI
# source distribution: AWS Quick Start, NIST and CIS templates and the valid-template fixtures), and any directories
# given (a checkout of a vulnerable-by-design corpus such as cfngoat, or a directory of `terraform show -json` plans). Each tool scans each corpus RUNS times
# (default 5); the medians and their ratio are printed. Coverage: every failure Checkov reports with a check id that
# a Rampart rule lists as the same check must be a failure of that rule on the same resource in Rampart's report.
# Uses .build/release/rampart (built if missing) and a venv under .build/posture-bench-venv.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${RUNS:-5}"
venv="$root/.build/posture-bench-venv"
if [ ! -x "$venv/bin/checkov" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "checkov==3.3.30"
fi
binary="${RAMPART_BIN:-$root/.build/release/rampart}"
[ -x "$binary" ] || (cd "$root" && swift build -c release --product rampart)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fixtures="$root/Tests/RampartPostureTests/Fixtures"
mkdir -p "$work/fixtures" "$work/fixtures-x50"
cp -r "$fixtures/cloudformation" "$fixtures/terraform" "$work/fixtures/"
for i in $(seq 1 50); do mkdir -p "$work/fixtures-x50/$i" && cp -r "$fixtures/cloudformation" "$fixtures/terraform" "$work/fixtures-x50/$i/"; done
cache="$root/.build/posture-bench-corpus"
if [ ! -d "$cache/cfn_lint-1.58.0" ]; then
    mkdir -p "$cache"
    "$venv/bin/python" - "$cache" <<'PY'
import re, sys, tarfile, urllib.request, io
page = urllib.request.urlopen("https://pypi.org/simple/cfn-lint/").read().decode()
url = re.search(r'href="([^"]*cfn_lint-1\.58\.0\.tar\.gz[^"]*)"', page).group(1)
tarfile.open(fileobj=io.BytesIO(urllib.request.urlopen(url).read())).extractall(sys.argv[1], filter="data")
PY
fi
templates="$cache/cfn_lint-1.58.0/test/fixtures/templates"
mkdir -p "$work/cfn-lint-public"
cp -r "$templates/quickstart" "$templates/public" "$templates/good" "$work/cfn-lint-public/"
corpora=("$work/fixtures" "$work/fixtures-x50" "$work/cfn-lint-public" "$@")
exec python3 "$root/Benchmarks/posture/compare.py" --rampart "$binary" --checkov "$venv/bin/checkov" --runs "$runs" "${corpora[@]}"
