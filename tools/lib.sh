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

# The OCA addons of tools/oca-requirements.txt (bank statements, queue_job), in the venv's odoo.addons
# namespace (Odoo finds them there, without an addons_path entry). Once per version of the list.
OCA_ADDONS="account_reconcile_oca account_statement_import_fr_cfonb account_statement_import_camt queue_job"
ensure_oca_addons() {
    local stamp="$VENV/.drf-oca-stamp" want
    want=$(sha256sum <"$REPO/tools/oca-requirements.txt" | cut -c1-16)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    say "Installing the OCA addons into $VENV (once; tools/oca-requirements.txt)"
    "$VENV/bin/python" -m pip install --quiet --no-deps -r "$REPO/tools/oca-requirements.txt" \
        >>"$DRF_HOME/pip.log" 2>&1 || {
        say "pip could not install the OCA addons (see $DRF_HOME/pip.log)"
        return 1
    }
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

# The newest installed PostgreSQL server binaries: Debian's /usr/lib/postgresql/<version>/bin,
# else initdb / pg_ctl on the PATH.
pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
    [ -x "$dir/initdb" ] || dir=$(dirname "$(command -v initdb 2>/dev/null || echo /none/initdb)")
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

# Where the private cluster lives: its data in pgdata/, its socket in pgrun/, its log. A normal
# user keeps it in $DRF_HOME. PostgreSQL refuses to run as root, so root's cluster belongs to
# 'postgres', which cannot enter root's home: it lives in a folder of its own under postgres's
# home, one per $DRF_HOME (a cluster made in $DRF_HOME/pgdata by an older set-up is reused).
# DRF_PGDIR chooses another folder.
pg_private_dir() {
    if [ -n "${DRF_PGDIR:-}" ]; then
        echo "$DRF_PGDIR"
    elif is_root && [ ! -f "$DRF_HOME/pgdata/PG_VERSION" ]; then
        echo "/var/lib/postgresql/debt_recovery_fr/$(printf '%s' "$DRF_HOME" | sha256sum | cut -c1-12)"
    else
        echo "$DRF_HOME"
    fi
}

pg_as_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# die, with the last lines of a log (from its line $3 on: those of the failed attempt).
die_with_log() {
    local msg=$1 log=$2 from=${3:-1}
    if [ -s "$log" ]; then
        msg="$msg"$'\n'"Last lines of $log:"$'\n'$(tail -n "+$from" "$log" | tail -n 15 | sed 's/^/    /')
    fi
    die "$msg"
}

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
    local bindir
    bindir=$(pg_bindir) || bindir=
    if [ -z "$bindir" ]; then
        is_root || die "no PostgreSQL server answers (socket, 127.0.0.1:5432) and none is installed. Either
    sudo apt-get install postgresql && sudo -u postgres createuser --superuser $PGUSER
then run this command again: it uses that server; or install only the package
    sudo apt-get install postgresql
and run this command again: it starts a private cluster in $(pg_private_dir)/pgdata from its binaries.
(Or set PGHOST / PGPORT / PGUSER to a running server.)"
        command -v apt-get >/dev/null \
            || die "no PostgreSQL server answers and none is installed, and this is not a Debian system: install PostgreSQL's server (initdb, pg_ctl), or set PGHOST / PGPORT / PGUSER to a running server"
        say "No PostgreSQL server answers and none is installed"
        apt_install postgresql
        bindir=$(pg_bindir) \
            || die "the package postgresql is installed, but no PostgreSQL server binaries (initdb, pg_ctl) are found in /usr/lib/postgresql/*/bin"
        # A server the package started answers only if it knows $PGUSER; else, the private cluster.
        pg_answers && return 0
    fi
    command -v psql >/dev/null || export PATH="$bindir:$PATH"
    start_private_cluster "$bindir"
}

start_private_cluster() {
    local bindir=$1 dir owner version out
    dir=$(pg_private_dir)
    local data=$dir/pgdata run=$dir/pgrun log=$dir/postgresql.log port=${DRF_PGPORT:-5439}
    owner=$(id -un)
    if is_root; then
        id postgres >/dev/null 2>&1 \
            || die "PostgreSQL refuses to run as root and there is no 'postgres' user: create one (adduser --system --group postgres), or set PGHOST"
        owner=postgres
        if [ ! -d "$dir" ]; then
            mkdir -p "$(dirname "$dir")"
            install -d -o postgres -g "$(id -gn postgres)" -m 700 "$dir"
        fi
    fi
    # A Unix socket's path holds at most 107 bytes.
    [ "${#run}" -le 90 ] \
        || die "the private PostgreSQL cluster's socket folder $run is too long a path for a socket: set DRF_PGDIR to a shorter folder"
    pg_as_owner mkdir -p "$run" 2>/dev/null && pg_as_owner test -w "$dir" \
        || die "the private PostgreSQL cluster's folder $dir is not writable by its owner '$owner': give '$owner' a folder it owns, and name it in DRF_PGDIR"
    if [ -f "$data/PG_VERSION" ]; then
        # The cluster needs the binaries of its own major version.
        version=$(cat "$data/PG_VERSION")
        if [[ $bindir == /usr/lib/postgresql/*/bin ]] && [ "$bindir" != "/usr/lib/postgresql/$version/bin" ]; then
            [ -x "/usr/lib/postgresql/$version/bin/pg_ctl" ] \
                || die "the private PostgreSQL cluster $data was made by PostgreSQL $version, whose server is not installed: install postgresql-$version, or remove $dir to start afresh"
            bindir=/usr/lib/postgresql/$version/bin
        fi
    else
        say "Creating a private PostgreSQL cluster in $data (owner: $owner)"
        local loc=--no-locale
        if locale -a 2>/dev/null | grep -ix 'c\.utf-\?8' >/dev/null; then loc=--locale=C.UTF-8; fi
        pg_as_owner "$bindir/initdb" -D "$data" -U "$owner" --auth=trust -E UTF8 "$loc" \
            >"$dir/initdb.log" 2>&1 \
            || die_with_log "initdb could not create the private PostgreSQL cluster in $data" "$dir/initdb.log"
    fi
    export PGHOST="$run" PGPORT="$port"
    if ! pg_as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        say "Starting the private PostgreSQL cluster in $data (socket $run, port $port; log $log)"
        local from=1
        if [ -f "$log" ]; then from=$(($(wc -l <"$log") + 1)); fi
        if ! out=$(pg_as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
            -o "-k $run -p $port -c listen_addresses=''" start 2>&1); then
            if tail -n "+$from" "$log" 2>/dev/null \
                | grep -E 'Address already in use|lock file ".*\.s\.PGSQL\.[0-9]+\.lock" already exists' >/dev/null; then
                die_with_log "could not start the private PostgreSQL cluster: port $port is taken (another server uses $run/.s.PGSQL.$port): stop it, or choose another port with DRF_PGPORT" "$log" "$from"
            fi
            if [ "$(tail -n "+$from" "$log" 2>/dev/null | wc -l)" = 0 ]; then
                printf '%s\n' "$out" >"$dir/pg_ctl.log"
                die_with_log "could not start the private PostgreSQL cluster in $data" "$dir/pg_ctl.log"
            fi
            die_with_log "could not start the private PostgreSQL cluster in $data" "$log" "$from"
        fi
    fi
    if [ "$owner" != "$PGUSER" ]; then
        PGUSER=$owner psql -X -q -d postgres -v ON_ERROR_STOP=1 -v role="$PGUSER" >/dev/null <<'SQL' \
            || die "could not create the role $PGUSER in the private PostgreSQL cluster ($PGHOST, port $PGPORT)"
SELECT format('CREATE ROLE %I SUPERUSER LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SQL
    fi
    pg_answers \
        || die "the private PostgreSQL cluster in $data does not answer for the role $PGUSER (socket $run, port $port)"
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
