#!/usr/bin/env bash
# Spark GPU discovery: prints the node's GPUs as {"name":"gpu","addresses":["0","1",...]}.
# Used by standalone workers (spark.worker.resource.gpu.discoveryScript) and YARN executors.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | sed 's/ //g; s/.*/"&"/' | paste -sd, - || true)
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
