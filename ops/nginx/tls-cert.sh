#!/bin/sh
# Makes a local certificate authority and a certificate for the given hostnames in DIR, once: an existing pair is
# kept. `npm run start:prod` uses it on first run; the proxy image when no certificate is mounted. Clients trust the
# proxy by trusting DIR/ca.pem (Node: NODE_EXTRA_CA_CERTS; a browser: import it), never by turning checks off.
#
#   tls-cert.sh DIR HOSTNAME...   →  DIR/ca.pem, DIR/ca.key, DIR/cert.pem (leaf + CA), DIR/key.pem
set -eu
dir="$1"
shift
if [ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ] && [ -s "$dir/ca.pem" ]; then exit 0; fi
if ! command -v openssl >/dev/null; then
  echo "tls-cert.sh: openssl is missing; install it: apt-get install -y openssl" >&2
  exit 1
fi
mkdir -p "$dir"
umask 077
san=""
for host in "$@"; do san="${san:+$san,}DNS:$host"; done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
  -subj "/CN=storepay local CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" \
  -keyout "$dir/key.pem" -out "$dir/leaf.csr" 2>/dev/null
printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' \
  "$san" >"$dir/leaf.ext"
openssl x509 -req -in "$dir/leaf.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 825 \
  -extfile "$dir/leaf.ext" -out "$dir/leaf.pem" 2>/dev/null
cat "$dir/leaf.pem" "$dir/ca.pem" >"$dir/cert.pem"
rm -f "$dir/leaf.csr" "$dir/leaf.ext" "$dir/leaf.pem" "$dir/ca.srl"
chmod 644 "$dir/ca.pem" "$dir/cert.pem"
echo "tls-cert.sh: made a certificate for $* (trust $dir/ca.pem)" >&2
