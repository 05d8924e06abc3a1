#!/usr/bin/env bash
# How much of nginx's throughput this stack can reach at all: one run, one core for the target (CPU 1), wrk and the
# fake upstream on the other (CPU 0), concurrency 32, the harness's chat body. Targets: the upstream direct, nginx
# as a plain reverse proxy, `gateway-floor` (Hummingbird and AsyncHTTPClient forwarding, nothing else; and its
# `/echo`, Hummingbird answering alone), and Rampart (`rampart serve`, every call authenticated, scanned and
# audited). Prints requests per second, the target's CPU per request, and each against nginx.
#
#   Benchmarks/gateway/floor.sh                # 10 s per target
#   SECONDS_PER_TARGET=20 Benchmarks/gateway/floor.sh
#
# Needs nginx, wrk and gcc (Debian: apt-get install nginx wrk gcc); binds 127.0.0.1 only; stops what it started.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${BENCH_SHARED:-$root/../shared/bench}
seconds=${SECONDS_PER_TARGET:-10}
for tool in nginx wrk gcc taskset; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "$tool is not installed (Debian: apt-get install nginx wrk gcc util-linux)" >&2; exit 2; }
done
[ -f "$shared/fakeup.c" ] && [ -f "$shared/post.lua" ] || { echo "the shared harness is not at $shared (set BENCH_SHARED)" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "needs two CPUs: one for the target, one for the load" >&2; exit 2; }

echo "[floor] building rampart and gateway-floor in release mode"
swift build -c release --product rampart --package-path "$root" >/dev/null
swift build -c release --product gateway-floor --package-path "$root" >/dev/null
bin=$(swift build -c release --show-bin-path --package-path "$root")

work=$(mktemp -d /tmp/rampart-floor.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
up=18611 ng=18612 fl=18613 gw=18614

gcc -O2 -o "$work/fakeup" "$shared/fakeup.c" -lm
taskset -c 0 "$work/fakeup" --port "$up" > "$work/fakeup.log" 2>&1 &
pids+=($!)

mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    keepalive_requests 1000000;
    upstream fake { server 127.0.0.1:$up; keepalive 128; }
    server {
        listen 127.0.0.1:$ng;
        location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
    }
}
NGINX
taskset -c 1 nginx -e "$work/nginx/error.log" -p "$work/nginx/" -c "$work/nginx/nginx.conf" &
pids+=($!)
taskset -c 1 "$bin/gateway-floor" "$fl" "http://127.0.0.1:$up" > "$work/floor.log" 2>&1 &
pids+=($!)

cat > "$work/rampart.yaml" <<YAML
workloads: [$here/workloads]
logging:
  level: error
gateway:
  listen: 127.0.0.1:$gw
  resilience: {attempts: 1}
  deployments:
    - {name: fast, kind: openai-compatible, provider: bench-upstream, region: local, model: fake-gpt, base_url: "http://127.0.0.1:$up"}
  models:
    - {name: fake-gpt, workload: bench, deployments: [fast]}
YAML
"$bin/rampart" principals add bench-app --tenant bench --kind application --role application --workload bench \
    --clearance internal --data-dir "$work/data" >/dev/null 2>&1
key=$("$bin/rampart" apikeys create --principal bench-app --name bench --data-dir "$work/data" 2>/dev/null | head -1)
taskset -c 1 "$bin/rampart" serve --config "$work/rampart.yaml" --data-dir "$work/data" > "$work/rampart.log" 2>&1 &
pids+=($!)
rampart_pid=$!

for port in $up $ng $fl $gw; do
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done
printf '%s' '{"model":"fake-gpt","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":32,"temperature":0}' > "$work/body.json"

# The CPU time (clock ticks) of a process and its threads.
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
# measure NAME URL PID [KEY]: a short warm-up, then wrk; prints "NAME req/s µs-per-request".
measure() {
    local name=$1 url=$2 pid=$3 key=${4:-} t0 t1 n rps
    BENCH_BODY="$work/body.json" BENCH_KEY="$key" taskset -c 0 wrk -t1 -c32 -d2s -s "$shared/post.lua" "$url" >/dev/null 2>&1
    t0=$(ticks "$pid")
    BENCH_BODY="$work/body.json" BENCH_KEY="$key" taskset -c 0 wrk -t1 -c32 -d"${seconds}s" -s "$shared/post.lua" "$url" > "$work/wrk.txt" 2>&1
    t1=$(ticks "$pid")
    grep -q "Non-2xx" "$work/wrk.txt" && { echo "[floor] $name answered errors:" >&2; cat "$work/wrk.txt" >&2; exit 1; }
    n=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    echo "$name $rps $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / n ))"
}
nginx_worker=$(pgrep -f "nginx: worker process" | while read -r p; do grep -q "$work" "/proc/$(ps -o ppid= -p "$p" | tr -d ' ')/cmdline" 2>/dev/null && echo "$p"; done | head -1)
floor_pid=$(pgrep -f "gateway-floor $fl")
{
    measure "direct upstream" "http://127.0.0.1:$up/v1/chat/completions" "$(pgrep -f "fakeup --port $up")"
    measure "nginx, reverse proxy" "http://127.0.0.1:$ng/v1/chat/completions" "$nginx_worker"
    measure "Hummingbird alone (gateway-floor /echo)" "http://127.0.0.1:$fl/echo" "$floor_pid"
    measure "Hummingbird + AsyncHTTPClient forwarding (gateway-floor)" "http://127.0.0.1:$fl/v1/chat/completions" "$floor_pid"
    measure "Rampart (rampart serve)" "http://127.0.0.1:$gw/v1/chat/completions" "$rampart_pid" "$key"
} > "$work/results.txt"

echo "[floor] $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD), concurrency 32, ${seconds} s a target, target on CPU 1"
echo "| target | req/s | CPU per request (µs) | against nginx |"
echo "|---|---|---|---|"
nginx_rps=$(awk '/^nginx/ {print $(NF-1)}' "$work/results.txt")
while read -r line; do
    set -- $line
    cpu=${!#}; rps=${*: -2:1}; name=${line% * *}
    printf '| %s | %s | %s | %s |\n' "$name" "$rps" "$cpu" "$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN{printf "%.3f", a/b}')"
done < "$work/results.txt"
