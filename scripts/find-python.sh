#!/usr/bin/env bash
# Prints the path of a working Python 3.10 (Rasa 3.6.21 requires >=3.8,<3.11), or explains
# what to install. pyenv shims are tried by running them: a shim can exist without its version.
set -u
candidates=("${PYTHON310:-}" "$(command -v python3.10 2>/dev/null)")
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv /opt/pyenv; do
  [ -n "$root" ] && candidates+=("$root"/versions/3.10*/bin/python3.10)
done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)
for py in "${candidates[@]}"; do
  if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    echo "$py"
    exit 0
  fi
done
cat >&2 <<'MSG'
No Python 3.10 found. Rasa 3.6.21 runs on Python 3.8-3.10 only.
Install one, e.g. `pyenv install 3.10.13` (or your distribution's python3.10 with venv),
or point PYTHON310=/path/to/python3.10 at it, then run the command again.
MSG
exit 1
