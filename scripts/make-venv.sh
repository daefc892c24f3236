#!/usr/bin/env bash
# Creates .venv with Python 3.10 and the pinned requirements. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
python310=$(scripts/find-python.sh)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
  rm -rf .venv
  echo "Creating .venv with $python310"
  "$python310" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check "pip==24.0"
echo "Installing pinned requirements (the first time takes a few minutes: TensorFlow)..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
