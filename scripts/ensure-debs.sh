#!/bin/sh
# Installs the Debian packages the test suite and benchmarks talk to (real servers and clients, started by the tests
# themselves on loopback high ports), when they are missing. Runs `apt-get update` once, only if something is missing.
# Package services are never started by the install: tests start their own instances in the foreground.
set -e
PACKAGES="slapd ldap-utils kamailio kamailio-tls-modules sip-tester dnsmasq-base openssl nginx curl krb5-kdc krb5-admin-server krb5-user krb5-kpropd libkrb5-dev samba samba-ad-dc samba-ad-provision python3-samba snmp snmptrapd smitools rsyslog rsyslog-gnutls chromium nftables tftpd-hpa vsftpd"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing" >&2
if [ "$(id -u)" != 0 ]; then echo "ensure-debs: need root to install$missing" >&2; exit 1; fi
# A policy-rc.d that says "no" keeps the packages' own daemons from starting (slapd would take port 389).
policy=/usr/sbin/policy-rc.d
created=""
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1; fi
trap '[ -n "$created" ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
