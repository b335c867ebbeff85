# Helpers sourced by run.sh.

banner() {
    echo "== $1 =="
}
