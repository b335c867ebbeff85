#!/bin/bash
# Loops, arithmetic and string work: the shape of script the shell frontend should run far faster than bash.
n=${1:-200000}
sum=0
for ((i = 0; i < n; i++)); do
  sum=$(( (sum + i * i) % 1000003 ))
done
s=""
for ((i = 0; i < n / 10; i++)); do
  s+="x"
  if (( ${#s} > 50 )); then s=${s:25}; fi
done
count=0
i=0
while [ $i -lt $((n / 10)) ]; do
  case $((i % 3)) in
    0) count=$((count + 1)) ;;
  esac
  i=$((i + 1))
done
echo "sum=$sum len=${#s} count=$count"
