#!/bin/bash
# Functions with locals and return values through a global, arrays as a sieve, while loops and tests.
n=${1:-200000}
gcd() {
  local a=$1 b=$2 t
  while (( b != 0 )); do
    t=$((a % b)); a=$b; b=$t
  done
  result=$a
}
limit=$((n / 4))
declare -a sieve
for ((i = 2; i <= limit; i++)); do sieve[i]=1; done
for ((i = 2; i * i <= limit; i++)); do
  if [ "${sieve[i]}" = 1 ]; then
    for ((j = i * i; j <= limit; j += i)); do sieve[j]=0; done
  fi
done
primes=0
for ((i = 2; i <= limit; i++)); do
  [[ ${sieve[i]} -eq 1 ]] && primes=$((primes + 1))
done
g=0
for ((i = 1; i <= n / 20; i++)); do
  gcd $((i * 7 + 3)) $((i % 97 + 1))
  g=$((g + result))
done
echo "primes=$primes gcdsum=$g"
