# shellcheck shell=bash
# Shared set-up of the README's two commands: an Odoo 19.0 environment outside the repository,
# PostgreSQL, wkhtmltopdf and chromium. Every step reuses what is already there.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DRF_HOME=${DRF_HOME:-$HOME/.local/share/debt_recovery_fr}
ODOO_SRC=${ODOO_SRC:-$DRF_HOME/odoo}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
VENV=${DRF_VENV:-$DRF_HOME/venv}
PYTHON=${DRF_PYTHON:-python3.11}
export DRF_HOME ODOO_SRC VENV

say() { printf '\033[1m[debt_recovery_fr]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\033[1;31m[debt_recovery_fr] FATAL:\033[0m %s\n' "$*" >&2
    exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }

ensure_odoo_source() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
        say "No Odoo source at $ODOO_SRC: cloning Odoo 19.0 from $ODOO_GIT_URL"
        command -v git >/dev/null || die "git is missing: install it, or set ODOO_SRC to an Odoo 19.0 source tree"
        mkdir -p "$(dirname "$ODOO_SRC")"
        git clone --quiet --depth 1 --branch 19.0 "$ODOO_GIT_URL" "$ODOO_SRC" \
            || die "could not clone Odoo 19.0 from $ODOO_GIT_URL. Without internet, set ODOO_SRC to a local Odoo 19.0 source tree (the folder that holds odoo-bin)."
    fi
    grep -q "^version_info = (19, 0," "$ODOO_SRC/odoo/release.py" 2>/dev/null \
        || die "$ODOO_SRC is not an Odoo 19.0 source tree (odoo/release.py)"
}

ensure_venv() {
    local stamp="$VENV/.drf-stamp" want
    want=$(cat "$ODOO_SRC/requirements.txt" "$REPO/tools/requirements-dev.txt" "$REPO/tools/constraints.txt" | sha256sum | cut -c1-16)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    command -v "$PYTHON" >/dev/null || die "$PYTHON is missing (Odoo 19 supports Python 3.10 to 3.12): install it or set DRF_PYTHON"
    say "Installing Odoo 19.0's Python dependencies into $VENV (once)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" || die "could not create a virtual environment in $VENV"
    local req="$VENV/odoo-requirements.txt"
    # cbor2 5.4.2's sdist misreports its version on Python 3.11; a 5.6 wheel works.
    # python-ldap (for auth_ldap only, which this project does not use) needs libldap headers.
    sed -E -e 's/^cbor2==5\.4\.2 *;/cbor2==5.6.5 ;/' -e '/^python-ldap==/d' \
        "$ODOO_SRC/requirements.txt" >"$req"
    export PIP_CONSTRAINT="$REPO/tools/constraints.txt"
    "$VENV/bin/python" -m pip install --quiet --upgrade "pip<25" "setuptools<70" wheel >>"$DRF_HOME/pip.log" 2>&1
    "$VENV/bin/python" -m pip install --quiet -r "$req" >>"$DRF_HOME/pip.log" 2>&1 || die "pip could not install Odoo's requirements (see $DRF_HOME/pip.log)"
    "$VENV/bin/python" -m pip install --quiet -r "$REPO/tools/requirements-dev.txt" >>"$DRF_HOME/pip.log" 2>&1 || die "pip could not install the development tools"
    unset PIP_CONSTRAINT
    # Odoo itself runs from its source tree: make it importable as the `odoo` namespace package.
    local site
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    echo "$ODOO_SRC" >"$site/odoo-src.pth"
    echo "$want" >"$stamp"
}

apt_install() {
    is_root || die "$1 is missing; install the Debian package(s): $*"
    command -v apt-get >/dev/null || die "$1 is missing and this is not a Debian system: install $*"
    say "Installing Debian packages: $*"
    if [ ! -f "$DRF_HOME/.apt-updated" ]; then
        apt-get update -qq && mkdir -p "$DRF_HOME" && touch "$DRF_HOME/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
        || die "apt-get could not install: $*"
}

ensure_system_tools() {
    command -v wkhtmltopdf >/dev/null || apt_install wkhtmltopdf fonts-dejavu-core
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || apt_install chromium
    command -v pdftotext >/dev/null || apt_install poppler-utils
}

pg_answers() { psql -X -q -d postgres -c 'select 1' >/dev/null 2>&1; }

ensure_postgres() {
    export PGUSER=${PGUSER:-$(id -un)}
    if [ -n "${PGHOST:-}" ] || [ -n "${PGPORT:-}" ]; then
        command -v psql >/dev/null || apt_install postgresql-client
        pg_answers && return 0
        die "PostgreSQL at PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432} does not answer for PGUSER=$PGUSER"
    fi
    if command -v psql >/dev/null; then
        pg_answers && return 0
        PGHOST=127.0.0.1 pg_answers && { export PGHOST=127.0.0.1; return 0; }
    fi
    # No server answers: start a private cluster from the installed binaries, outside the repo.
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bindir/initdb" ] || die "no PostgreSQL server answers and none is installed: install the Debian package 'postgresql' (or set PGHOST/PGPORT/PGUSER to a running server)"
    local data="$DRF_HOME/pgdata" run="$DRF_HOME/pgrun" owner
    owner=$(id -un)
    mkdir -p "$run"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "PostgreSQL refuses to run as root and there is no 'postgres' user: create one, or set PGHOST"
        owner=postgres
        chown postgres "$DRF_HOME" "$run"
    fi
    as_owner() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating a private PostgreSQL cluster in $data"
        as_owner "$bindir/initdb" -D "$data" -U "$owner" --auth=trust -E UTF8 >/dev/null || die "initdb failed"
    fi
    export PGHOST="$run" PGPORT=5439
    if ! as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$data" -l "$DRF_HOME/postgresql.log" -w \
            -o "-k $run -p $PGPORT -c listen_addresses=''" start >/dev/null || die "could not start PostgreSQL (see $DRF_HOME/postgresql.log)"
    fi
    if [ "$owner" != "$PGUSER" ]; then
        PGUSER=$owner psql -X -q -d postgres -c "CREATE ROLE \"$PGUSER\" SUPERUSER LOGIN" 2>/dev/null || true
    fi
    pg_answers || die "the private PostgreSQL cluster does not answer"
}

# Odoo's configuration file, written anew each time from the environment; one per checkout, so
# two checkouts sharing $DRF_HOME never load each other's addons.
ODOO_CONF=$DRF_HOME/odoo-$(printf '%s' "$REPO" | sha256sum | cut -c1-12).conf
write_odoo_conf() {
    mkdir -p "$DRF_HOME/data"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$REPO
data_dir = $DRF_HOME/data
db_user = $PGUSER
list_db = True
CONF
    # Unset, libpq's defaults (the socket, port 5432) apply.
    [ -z "${PGHOST:-}" ] || echo "db_host = $PGHOST" >>"$ODOO_CONF"
    [ -z "${PGPORT:-}" ] || echo "db_port = $PGPORT" >>"$ODOO_CONF"
}

setup_all() {
    ensure_odoo_source
    ensure_venv
    ensure_system_tools
    ensure_postgres
    write_odoo_conf
}

odoo() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }

db_exists() { [ "$(psql -X -Atq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
