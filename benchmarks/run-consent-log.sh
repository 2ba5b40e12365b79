#!/usr/bin/env bash
# Consent log and endpoint figures for the README: durable appends (group commit vs fsync per record),
# verify speed (vs a plain line scan), POST /consent latency at 64 clients (vs GET /consent).
# Each figure is a ratio against a baseline measured in the same run. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl benchmarks -am package -DskipTests
jar=benchmarks/target/consentgate-benchmarks.jar
java -cp "$jar" dev.consentgate.benchmarks.ConsentLogLoad "${1:-$(mktemp -d)}"
java -cp "$jar" dev.consentgate.benchmarks.ConsentEndpointLoad
