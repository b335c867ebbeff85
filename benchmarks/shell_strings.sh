#!/bin/bash
# String work: parameter expansion (patterns, replacement, substrings, case), printf, arrays of words.
n=${1:-200000}
words=(alpha beta gamma delta epsilon zeta eta theta iota kappa)
total=0
upper=0
out=""
for ((i = 0; i < n / 4; i++)); do
  w=${words[i % 10]}
  s="${w}-${i}.txt"
  base=${s%.txt}
  stem=${base%%-*}
  num=${base##*-}
  swapped=${stem//a/A}
  if [[ $swapped == *A* ]]; then
    upper=$((upper + 1))
  fi
  total=$((total + ${#stem} + num % 7))
  if (( i % 5000 == 0 )); then
    printf -v line '%-8s|%5d|%s' "$stem" "$num" "${swapped:0:3}"
    out+="$line;"
  fi
done
echo "total=$total upper=$upper"
echo "$out"
