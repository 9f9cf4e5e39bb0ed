#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a real, unlocked GNOME Keyring, so the
# keychain tests talk to a real Secret Service (recipe: shared/MACHINE.md, "Keychain").
# Usage: scripts/with-keyring.sh CMD [ARGS…]
set -euo pipefail

if [ -z "${PROMOGPT_KEYRING_INNER:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
    command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing (Debian: apt-get install gnome-keyring dbus-x11)" >&2; exit 127; }
  done
  home=$(mktemp -d "${TMPDIR:-/tmp}/promogpt-keyring-XXXXXX")
  mkdir -p "$home/runtime" && chmod 700 "$home/runtime"
  export HOME="$home" XDG_RUNTIME_DIR="$home/runtime" PROMOGPT_KEYRING_INNER=1
  export PROMOGPT_KEYRING_PASSWORD="test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  trap 'rm -rf "$home"' EXIT
  dbus-run-session -- "$0" "$@"
  exit $?
fi

eval "$(printf '%s' "$PROMOGPT_KEYRING_PASSWORD" | gnome-keyring-daemon --daemonize --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# Wait until the daemon owns the Secret Service name; otherwise D-Bus would start a second, locked one.
for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    export PROMOGPT_TEST_KEYRING=1
    status=0
    "$@" || status=$?
    kill "${GNOME_KEYRING_PID:-}" 2>/dev/null || true
    exit $status
  fi
  sleep 0.1
done
echo "with-keyring: gnome-keyring did not take the Secret Service name in 10 s" >&2
exit 1
