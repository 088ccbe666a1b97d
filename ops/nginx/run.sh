#!/bin/sh
# The proxy image's command: a certificate when none is mounted, the configuration rendered from the environment,
# checked, then nginx in the foreground.
set -eu
here="$(dirname "$0")"
if [ ! -s "$TLS_CERT" ]; then
  "$here/tls-cert.sh" "$(dirname "$TLS_CERT")" "$SHOP_HOST" "$ADMIN_HOST"
fi
"$here/render.sh" >/etc/nginx/storepay.conf
nginx -t -q -c /etc/nginx/storepay.conf -e stderr
exec nginx -c /etc/nginx/storepay.conf -e stderr -g 'daemon off;'
