#!/bin/sh
# The optional native npm package `kerberos` (SPNEGO logins, docs/design.md "Kerberos") builds against libkrb5-dev,
# which ensure-debs.sh installs. On a fresh machine `npm ci` runs before that and skips the optional package, so the
# test and bench commands build it here, from the npm registry's source (no prebuilt binary from elsewhere).
set -e
node -e 'require("kerberos")' 2>/dev/null && exit 0
version=$(node -p 'require("./package.json").optionalDependencies.kerberos')
echo "building the optional npm package kerberos@$version" >&2
npm_config_build_from_source=true npm install --no-save --no-audit --no-fund "kerberos@$version" >/dev/null
node -e 'require("kerberos")'
