#!/usr/bin/env bash
# Rampart against the direct upstream and nginx (and LiteLLM unless ONLY says otherwise), in one run, with the
# shared gateway harness (../shared/bench/run.sh): latency added at a fixed rate, plain and streamed, and
# throughput at concurrency 32 and 64. Results go to docs/benchmarks.md by hand, with the command used.
#
#   Benchmarks/gateway/run.sh            # full run: 3 repeats, about 20 minutes
#   Benchmarks/gateway/run.sh --quick    # 1 repeat, short runs: about 3 minutes
#   PROMPT_BYTES=16384 Benchmarks/gateway/run.sh --quick   # the user message padded to 16 KB (the issue's 1 KB / 16 KB)
#
# Environment: ONLY (default "nginx": skip LiteLLM), PROMPT_BYTES (default: the harness's one-line prompt),
# LAT_RATE (default here 200 requests per second, the gateway issue's fixed rate), anything else run.sh reads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
harness=${BENCH_HARNESS:-$root/../shared/bench/run.sh}
[ -x "$harness" ] || { echo "the shared harness is not at $harness (set BENCH_HARNESS)" >&2; exit 2; }
for tool in nginx wrk; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is not installed (Debian: apt-get install nginx wrk)" >&2; exit 2; }
done
export LAT_RATE=${LAT_RATE:-200}

echo "[bench] building rampart in release mode"
swift build -c release --product rampart --package-path "$root" >/dev/null
bin=$(swift build -c release --show-bin-path --package-path "$root")/rampart

work=$(mktemp -d /tmp/rampart-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A larger prompt: a copy of the harness whose request bodies carry a user message of PROMPT_BYTES (ordinary
# business prose, nothing the detectors act on), the same for every target.
if [ -n "${PROMPT_BYTES:-}" ]; then
    cp -r "$(dirname "$harness")" "$work/harness"
    python3 - "$work/harness/$(basename "$harness")" "$PROMPT_BYTES" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2])
sentence = "Please review the quarterly planning notes and summarize the main risks for the steering group. "
prompt = (sentence * (size // len(sentence) + 1))[:size].rstrip()
text = open(path).read()
old = '"content":"Say hello in one short sentence."'
assert text.count(old) == 2, "the harness's request bodies changed; update Benchmarks/gateway/run.sh"
open(path, "w").write(text.replace(old, '"content":"%s"' % prompt))
PY
    harness="$work/harness/$(basename "$harness")"
    echo "[bench] user message padded to $PROMPT_BYTES bytes"
fi

# The gateway command: writes its configuration from the harness's ports, then runs `rampart serve` until the
# harness stops it with SIGTERM, and samples the gateway's peak resident memory (VmHWM) while it runs.
cat > "$work/gateway.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
cat > "$work/rampart.yaml" <<YAML
workloads: [$here/workloads]
logging:
  level: error
gateway:
  listen: 127.0.0.1:\$BENCH_GATEWAY_PORT
  resilience: {attempts: 1}
  deployments:
    - {name: fast, kind: openai-compatible, provider: bench-upstream, region: local, model: fake-gpt, base_url: "\$BENCH_UPSTREAM_URL"}
    - {name: slow, kind: openai-compatible, provider: bench-upstream, region: local, model: fake-gpt-slow, base_url: "\$BENCH_UPSTREAM_SLOW_URL"}
  models:
    - {name: fake-gpt, workload: bench, deployments: [fast]}
    - {name: fake-gpt-slow, workload: bench, deployments: [slow]}
YAML
"$bin" serve --config "$work/rampart.yaml" --data-dir "$work/data" &
pid=\$!
# VmHWM only grows, so the last sample (at most half a second old when the harness stops us) is the peak.
(while kill -0 \$pid 2>/dev/null; do grep VmHWM /proc/\$pid/status > "$work/rss-\$pid.txt.tmp" 2>/dev/null && mv "$work/rss-\$pid.txt.tmp" "$work/rss-\$pid.txt"; sleep 0.5; done) &
trap 'kill -TERM \$pid 2>/dev/null; wait \$pid' TERM INT
wait \$pid
SH
chmod +x "$work/gateway.sh"

# Every call is authenticated and authorized: the load generator sends a real API key of an application
# principal granted the bench workload (made here, in the gateway's data directory).
"$bin" principals add bench-app --tenant bench --kind application --role application --workload bench \
    --clearance internal --data-dir "$work/data" >/dev/null 2>&1
key=$("$bin" apikeys create --principal bench-app --name bench --data-dir "$work/data" 2>/dev/null | head -1)

ONLY=${ONLY:-nginx} "$harness" --gateway-name rampart --gateway-port 18090 --gateway-cmd "$work/gateway.sh" --gateway-key "$key" "$@"
echo "[bench] Rampart's peak resident memory, per gateway start (the last covers the c=64 runs):"
ls -tr "$work"/rss-*.txt >/dev/null 2>&1 && for f in $(ls -tr "$work"/rss-*.txt); do echo "[bench]   $(cat "$f")"; done || echo "[bench]   (not recorded)"
