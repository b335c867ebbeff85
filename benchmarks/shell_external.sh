#!/bin/bash
# Bound by external commands: each iteration runs a small pipeline of coreutils, as build and data scripts do.
n=${1:-200000}
rounds=$((n / 2000))
total=0
for ((i = 0; i < rounds; i++)); do
  c=$(printf '%s\n' "line $i" "b" "a $i" | sort | wc -l)
  total=$((total + c))
  seq 1 $((i % 5 + 1)) | tr '\n' ' ' >/dev/null
done
echo "total=$total"
