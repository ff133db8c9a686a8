#!/bin/sh
# Prints the home of a JDK >= $SIMDNN_MIN_JDK (default 25) on standard output, or explains on standard error
# what it looked for and exits 1. Used by ./mvnw (so Maven itself runs on it) and by the launcher scripts.
# Order: $SIMDNN_JDK, $JAVA_HOME, /usr/lib/jvm/*, /usr/java/*, /opt/*, SDKMAN, ~/.jdks, macOS JavaVirtualMachines,
# then the java on PATH.
min="${SIMDNN_MIN_JDK:-25}"

major_of() {
  # $1 = a JDK home; prints its feature version (e.g. 25) from its release file or from java -version
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
    [ -n "$v" ] && { echo "$v"; return; }
  fi
  [ -x "$1/bin/java" ] || return
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

best=""
best_v=0
consider() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  v=$(major_of "$1")
  [ -n "$v" ] || return 0
  if [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then best="$1"; best_v="$v"; fi
  return 0
}

for h in "${SIMDNN_JDK:-}" "${JAVA_HOME:-}"; do
  consider "$h"
  if [ -n "$best" ]; then echo "$best"; exit 0; fi
done
for h in /usr/lib/jvm/* /usr/java/* /opt/*jdk* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
         /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -d "$h" ] && consider "$h"
done
if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
  j=$(command -v java)
  j=$(readlink -f "$j" 2>/dev/null || echo "$j")
  consider "$(dirname "$(dirname "$j")")"
fi
if [ -n "$best" ]; then echo "$best"; exit 0; fi
cat >&2 <<MSG
simdnn needs a JDK $min or newer (the Vector API incubator module of JDK $min), and found none.
Looked in: \$SIMDNN_JDK='${SIMDNN_JDK:-}', \$JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm/*, /usr/java/*, /opt/*jdk*,
/opt/java/*, ~/.sdkman/candidates/java/*, ~/.jdks/*, /Library/Java/JavaVirtualMachines/*, and the java on PATH.
Install one (e.g. Eclipse Temurin $min) and/or point SIMDNN_JDK or JAVA_HOME at its home directory.
MSG
exit 1
