#!/usr/bin/env bash
# Spark GPU discovery: prints the node's GPUs as {"name":"gpu","addresses":["0","1",...]}.
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
