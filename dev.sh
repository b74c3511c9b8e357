#!/usr/bin/env bash
# One entry point for a newcomer:
#   ./dev.sh run    install into .venv, then serve on embedded defaults (SQLite, sample data)
#   ./dev.sh test   install into .venv, then lint, type-check and test (SQLite, then PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
export PYTHAINLP_OFFLINE=1
export PYTHAINLP_DATA=${PYTHAINLP_DATA:-$PWD/instance/pythainlp-data}
export MPLBACKEND=Agg
export MPLCONFIGDIR=${MPLCONFIGDIR:-$PWD/instance/matplotlib}
DEFAULT_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:5432/test

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        echo "== creating $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    # Reinstall only when requirements.txt changed since the last install.
    local stamp="$VENV/.requirements.sha256"
    local want
    want=$(sha256sum requirements.txt | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "== installing requirements"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt
        echo "$want" >"$stamp"
    fi
    mkdir -p instance "$PYTHAINLP_DATA" "$MPLCONFIGDIR"
    ensure_thai_fonts
}

# Charts need a Thai font (Debian's fonts-thai-tlwg); matplotlib's default draws boxes.
ensure_thai_fonts() {
    if ls /usr/share/fonts/truetype/tlwg/Loma.ttf >/dev/null 2>&1; then
        return
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing fonts-thai-tlwg (Thai font for charts)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-thai-tlwg fontconfig >/dev/null
        rm -rf "$MPLCONFIGDIR"  # matplotlib rebuilds its font list
    else
        echo "!! no Thai font found: charts need it. Install it with: sudo apt-get install fonts-thai-tlwg" >&2
    fi
}

postgres_reachable() {
    "$VENV/bin/python" - "$1" <<'PY'
import sys

import psycopg

url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://")
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as error:
    print(f"   ({type(error).__name__}: {str(error).strip().splitlines()[0]})")
    sys.exit(1)
PY
}

run_tests() {
    echo "== ruff check";        "$VENV/bin/ruff" check .
    echo "== ruff format";       "$VENV/bin/ruff" format --check .
    echo "== mypy";              "$VENV/bin/mypy"
    echo "== import contracts";  "$VENV/bin/lint-imports" --no-logo
    echo "== dead code";         "$VENV/bin/vulture" bot handlers publishers nlp --min-confidence 80
    echo "== pytest on SQLite";  env -u TEST_DATABASE_URL "$VENV/bin/python" -m pytest "$@"
    local pg_url=${TEST_DATABASE_URL:-$DEFAULT_TEST_PG}
    if postgres_reachable "$pg_url"; then
        echo "== pytest on PostgreSQL"
        TEST_DATABASE_URL=$pg_url "$VENV/bin/python" -m pytest "$@"
    elif [ "${CI:-}" = "true" ]; then
        echo "PostgreSQL at $pg_url is required in CI but not reachable" >&2
        exit 1
    else
        echo "== skipping the PostgreSQL run: no server at $pg_url (set TEST_DATABASE_URL to use one)"
    fi
}

case "${1:-}" in
    run)
        shift
        setup
        exec "$VENV/bin/python" -m bot serve "$@"
        ;;
    test)
        shift
        setup
        run_tests "$@"
        ;;
    *)
        echo "usage: ./dev.sh run [serve options] | ./dev.sh test [pytest options]" >&2
        exit 2
        ;;
esac
