#!/usr/bin/env bash
# The keys benchmark: OpenSSL's single-core AES-256-GCM rate for 1 MiB blocks, then rampart-bench's key rows
# (AES-GCM in swift-crypto, artifact encrypt and decrypt file to file, the data-key cache) in the same run, so the
# ratios compare like with like on a noisy machine. Usage: Benchmarks/keys/run.sh [artifact size in MiB, default 512]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product rampart-bench >/dev/null
# The last line of `openssl speed` is "AES-256-GCM <rate>k": thousands of bytes per second.
rate=$(openssl speed -evp aes-256-gcm -bytes 1048576 -seconds 3 2>/dev/null | awk 'END { r = $NF; sub(/k$/, "", r); printf "%.0f", r * 1000 }')
echo "| benchmark | rate | ratio | p50 | p99 |"
echo "|---|---|---|---|---|"
OPENSSL_AES_GCM_RATE="$rate" BENCH_ONLY=keys BENCH_ARTIFACT_MIB="${1:-512}" BENCH_ITERATIONS="${BENCH_ITERATIONS:-40000}" .build/release/rampart-bench
