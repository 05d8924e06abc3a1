#!/usr/bin/env bash
# Rampart against the direct upstream and nginx (and LiteLLM unless ONLY says otherwise), in one run, with the
# shared gateway harness (../shared/bench/run.sh): latency added at a fixed rate, plain and streamed, and
# throughput at concurrency 32 and 64. Results go to docs/benchmarks.md by hand, with the command used.
#
#   Benchmarks/gateway/run.sh            # full run: 3 repeats, about 20 minutes
#   Benchmarks/gateway/run.sh --quick    # 1 repeat, short runs: about 3 minutes
#
# Environment: ONLY (default "nginx": skip LiteLLM), anything run.sh reads (REPEATS, LAT_RATE, ...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
harness=${BENCH_HARNESS:-$root/../shared/bench/run.sh}
[ -x "$harness" ] || { echo "the shared harness is not at $harness (set BENCH_HARNESS)" >&2; exit 2; }

echo "[bench] building rampart in release mode"
swift build -c release --product rampart --package-path "$root" >/dev/null
bin=$(swift build -c release --show-bin-path --package-path "$root")/rampart

work=$(mktemp -d /tmp/rampart-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/workloads"
cat > "$work/workloads/bench.yaml" <<'YAML'
name: bench
owner: bench@example.com
scope: 3
providers:
  - name: bench-upstream
data:
  classification: internal
regions: [local]
YAML

# The gateway command: writes its configuration from the harness's ports, then runs `rampart serve` in the
# foreground (it exits on SIGTERM).
cat > "$work/gateway.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
cat > "$work/rampart.yaml" <<YAML
workloads: [$work/workloads]
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
exec "$bin" serve --config "$work/rampart.yaml" --data-dir "$work/data"
SH
chmod +x "$work/gateway.sh"

# Every call is authenticated and authorized: the load generator sends a real API key of an application
# principal granted the bench workload (made here, in the gateway's data directory).
"$bin" principals add bench-app --tenant bench --kind application --role application --workload bench \
    --clearance internal --data-dir "$work/data" >/dev/null 2>&1
key=$("$bin" apikeys create --principal bench-app --name bench --data-dir "$work/data" 2>/dev/null | head -1)

ONLY=${ONLY:-nginx} "$harness" --gateway-name rampart --gateway-port 18090 --gateway-cmd "$work/gateway.sh" --gateway-key "$key" "$@"
