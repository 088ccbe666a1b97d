#!/bin/sh
# Renders nginx.conf.template (beside this script) to stdout. The proxy image runs it at start (run.sh) and so does
# `npm run start:prod`: one template, one renderer, wherever the proxy runs.
#
#   API_UPSTREAMS    the API processes, host:port separated by spaces (a name resolving to several addresses counts
#                    each of them, as a scaled compose service does)
#   SHOP_HOST        the storefront's hostname              ADMIN_HOST     the admin's hostname
#   HTTPS_PORT       where TLS is served                    HTTP_PORT      where plain HTTP is redirected from
#   PUBLIC_HTTPS_PORT  the HTTPS port browsers use (redirects name it unless it is 443); default HTTPS_PORT
#   TLS_CERT, TLS_KEY  certificate chain and key (PEM)
#   STOREFRONT_ROOT, ADMIN_ROOT  the built apps
#   STOREFRONT_CSP   the shop's Content-Security-Policy (@storepay/web-security builds it for a Stripe.js URL)
#   NGINX_RUN_DIR    pid file and temporary files          NGINX_ACCESS_LOG  a path, or "off"
set -eu

for name in API_UPSTREAMS SHOP_HOST ADMIN_HOST HTTPS_PORT HTTP_PORT TLS_CERT TLS_KEY STOREFRONT_ROOT ADMIN_ROOT \
  STOREFRONT_CSP NGINX_RUN_DIR NGINX_ACCESS_LOG; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "render.sh: $name is required (see the header of $0)" >&2
    exit 1
  fi
done

API_SERVERS=""
for server in $API_UPSTREAMS; do
  API_SERVERS="${API_SERVERS}server $server max_fails=1 fail_timeout=3s; "
done
public_port="${PUBLIC_HTTPS_PORT:-$HTTPS_PORT}"
if [ "$public_port" = "443" ]; then HTTPS_PORT_SUFFIX=""; else HTTPS_PORT_SUFFIX=":$public_port"; fi
export API_SERVERS HTTPS_PORT_SUFFIX

# Only these names are replaced: nginx's own $variables pass through untouched.
exec envsubst '${API_SERVERS} ${SHOP_HOST} ${ADMIN_HOST} ${HTTPS_PORT} ${HTTP_PORT} ${HTTPS_PORT_SUFFIX} ${TLS_CERT}
${TLS_KEY} ${STOREFRONT_ROOT} ${ADMIN_ROOT} ${STOREFRONT_CSP} ${NGINX_RUN_DIR} ${NGINX_ACCESS_LOG}' \
  <"$(dirname "$0")/nginx.conf.template"
