#!/usr/bin/env bash
# Install stripe-mock (the version the billing tests are written against) when it is missing, and
# start it bound to loopback on both its ports when nothing answers on its HTTP port. stripe-mock
# binds HTTPS on every interface unless both addresses are given.
set -euo pipefail
VERSION=v0.203.0
HTTP=127.0.0.1:12111
HTTPS=127.0.0.1:12112

up() { (exec 3<>"/dev/tcp/${HTTP%:*}/${HTTP#*:}") 2>/dev/null; }

if up; then echo "stripe-mock answers on $HTTP"; exit 0; fi
bin="$(go env GOPATH)/bin/stripe-mock"
if [ ! -x "$bin" ]; then
  echo "installing stripe-mock $VERSION"
  go install "github.com/stripe/stripe-mock@$VERSION"
fi
nohup "$bin" -http-addr "$HTTP" -https-addr "$HTTPS" >"${TMPDIR:-/tmp}/stripe-mock.log" 2>&1 &
for _ in $(seq 1 50); do up && { echo "stripe-mock started on $HTTP"; exit 0; }; sleep 0.2; done
echo "stripe-mock did not start; see ${TMPDIR:-/tmp}/stripe-mock.log" >&2
exit 1
