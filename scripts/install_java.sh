#!/usr/bin/env bash
# Debian's JRE for the Spark target's test (pyspark 4 needs Java 17+); pyspark cannot bring its own.
set -euo pipefail
if command -v java >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "java missing and cannot be installed here (not root or no apt-get): tests/test_spark_target.py will fail" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq openjdk-17-jre-headless >/dev/null
