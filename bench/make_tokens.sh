#!/usr/bin/env bash
# Make an RSA-2048 key pair and COUNT distinct RS256 Clerk-shaped session tokens with openssl
# (an independent signer). Usage: make_tokens.sh DIR COUNT. Writes DIR/key.pem, DIR/pub.pem,
# DIR/tokens.txt (one token per line) and prints the `--at` time the tokens are valid at.
set -euo pipefail
dir=$1
count=${2:-100}
mkdir -p "$dir"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
[ -f "$dir/key.pem" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/key.pem" 2>/dev/null
openssl pkey -in "$dir/key.pem" -pubout -out "$dir/pub.pem"
now=1795341600
header=$(printf '{"alg":"RS256","kid":"ins_bench","typ":"JWT","cat":"cl_B7d4PD111AAA"}' | b64url)
: > "$dir/tokens.txt"
for i in $(seq 1 "$count"); do
  payload=$(printf '{"azp":"http://localhost:3000","exp":%d,"fva":[7,-1],"iat":%d,"iss":"https://happy-cat-1.clerk.accounts.dev","jti":"jti%d","nbf":%d,"sid":"sess_%d","sub":"user_%d","v":2}' \
    $((now + 60)) "$now" "$i" $((now - 5)) "$i" "$i" | b64url)
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$dir/key.pem" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$payload" "$sig" >> "$dir/tokens.txt"
done
echo "2026-11-22T10:00:10Z"
