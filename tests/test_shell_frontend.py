"""Shell frontend run tests: a dozen bash scripts transpiled into one workspace, built once, and each binary
compared with bash on stdout and exit status. Also parser diagnostics (file:line, like bash's own)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from transpiler.frontends.shell import transpile_shell

from transpiler.diagnostics import DiagnosticSink

REPO_ROOT = Path(__file__).resolve().parent.parent

SCRIPTS: dict[str, tuple[str, list[str], str]] = {
    "loops": ("""
total=0
for ((i = 0; i < 100; i++)); do total=$((total + i * i)); done
echo "total=$total"
n=0; while [ $n -lt 5 ]; do n=$((n+1)); [ $n -eq 3 ] && continue; echo "n=$n"; done
until false; do echo once; break; done
for x in a b c; do for y in 1 2; do [[ $y == 2 ]] && break; echo "$x$y"; done; done
""", [], ""),
    "params": ("""
echo "$0" | grep -c . > /dev/null
echo "count=$# first=${1:-none} all=$*"
shift; echo "after shift: $@"
s=hello.tar.gz
echo ${s%.*} ${s%%.*} ${s#*.} ${s##*.} ${#s} ${s:1:3} ${s/l/L} ${s//l/L} ${s^^}
unset u; echo "${u:-dflt} ${u:=set} $u ${u:+alt}"
set -- x "y z"; for a in "$@"; do echo "<$a>"; done
""", ["one", "two three"], ""),
    "functions": ("""
greet() { local name=$1; echo "hi $name"; return 7; }
greet bob; echo "status $?"
fact() { if (( $1 <= 1 )); then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
fact 10
g=global; scope() { local g=inner; echo $g; }; scope; echo $g
""", [], ""),
    "pipes": ("""
printf 'b\\na\\nc\\n' | sort | tr a-z A-Z
echo hello | { read -r w; echo "got $w"; }
set -o pipefail; false | true; echo "pf=$?"
x=$(printf 'a\\nb\\n' | wc -l); echo "lines=$x"
! true; echo "neg=$?"
""", [], ""),
    "redirs": ("""
echo one > out.txt; echo two >> out.txt; cat < out.txt
ls /nonexistent-dir 2>/dev/null || echo "ls failed"
{ echo a; echo b >&2; } 2>&1 | sort
while read -r line; do echo "[$line]"; done < out.txt
cat <<-EOF
	tab $HOME-less
	EOF
cat <<'EOF'
no $expansion here
EOF
tr a-z A-Z <<< "here string"
""", [], ""),
    "case_test": ("""
for f in apple.txt b.sh README; do
  case $f in
    *.txt) echo "$f text";;
    *.sh|*.bash) echo "$f script";;
    *) echo "$f other";;
  esac
done
[ -d / ] && echo dir; [ "a" = "b" ] || echo neq; test 3 -gt 2 && echo gt
[[ abc == a* ]] && echo glob; [[ 2023-01-05 =~ ^([0-9]+)-([0-9]+) ]] && echo "${BASH_REMATCH[2]}"
[[ -z "" && -n x ]] && echo both
""", [], ""),
    "arrays": ("""
a=(x y z); a+=(w); echo "${#a[@]} ${a[@]} ${a[-1]} ${!a[@]}"
a[10]=ten; echo "${a[10]} ${#a[@]}"
unset 'a[0]'; echo "${a[@]}"
declare -A m; m[k1]=v1; m[k2]=v2; echo "${m[k1]} ${#m[@]}"
s=(${a[@]:1:2}); echo "${s[@]}"
""", [], ""),
    "printf_echo": ("""
printf '%s-%s\\n' a b c d
printf '%05.1f|%e|%g\\n' 3.14159 12345.678 0.0001
printf '%q\\n' "a b'c"
echo -e 'tab\\there' -n; echo -n no-newline; echo
printf -v v '%03d' 7; echo $v
echo 'single $x' "double \\$x \\\\"
""", [], ""),
    "errexit": ("""
set -e
trap 'echo trapped $?' EXIT
echo start
false || echo recovered
if false; then echo no; fi
false
echo unreachable
""", [], ""),
    "arith": ("""
x=7; y=3
echo $((x / y)) $((x % y)) $((x ** y)) $((x << 2)) $((x > y ? x : y)) $(( -x / 2 ))
(( x++ )); echo $x; let 'z = x * 2'; echo $z
echo $((16#ff)) $((0x10)) $((010))
i=0; (( i )) || echo "zero is false"
""", [], ""),
    "subshell": ("""
x=1; (x=2; echo "in $x"); echo "out $x"
(exit 3); echo "sub=$?"
cd /tmp && pwd
echo "$(cd / && pwd) $(pwd)"
r=$(exit 5); echo "cs=$?"
""", [], ""),
    "split_glob": ("""
IFS=: read -r a b c <<< "1:2:3"; echo "$a $b $c"
v="a,b,,c"; IFS=,; for p in $v; do echo "<$p>"; done; unset IFS
touch f1.log f2.log; echo *.log; echo none*.xyz
echo {1..5} {a..e..2} x{,y}z
exit 42
""", [], ""),
}


def _cargo_ok() -> bool:
    return shutil.which("cargo") is not None and shutil.which("bash") is not None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _cargo_ok():
        pytest.skip("cargo or bash missing")
    src = tmp_path_factory.mktemp("shsrc")
    for name, (text, _, _) in SCRIPTS.items():
        (src / f"{name}.sh").write_text(text.lstrip(), encoding="utf-8")
    out = tmp_path_factory.mktemp("shout") / "ws"
    tr = subprocess.run([sys.executable, "-m", "transpiler", str(src), "--out", str(out), "--runtime-dir",
                         str(REPO_ROOT / "runtime-crates")], cwd=REPO_ROOT, capture_output=True, text=True,
                        timeout=300)
    assert tr.returncode == 0, tr.stderr
    target = Path(os.environ.get("CARGO_TARGET_DIR", str(tmp_path_factory.mktemp("target"))))
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), RUSTFLAGS="-D warnings")
    b = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=out, capture_output=True, text=True,
                       env=env, timeout=1800)
    assert b.returncode == 0, b.stderr[-4000:]
    return target / "release"


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_script_matches_bash(built: Path, name: str, tmp_path: Path) -> None:
    text, args, stdin = SCRIPTS[name]
    script = tmp_path / f"{name}.sh"
    script.write_text(text.lstrip(), encoding="utf-8")
    env = dict(os.environ, LC_ALL="C.UTF-8")
    wa, wb = tmp_path / "a", tmp_path / "b"
    wa.mkdir()
    wb.mkdir()
    want = subprocess.run(["bash", str(script), *args], input=stdin, capture_output=True, text=True, cwd=wa,
                          env=env, timeout=60)
    got = subprocess.run([str(built / name), *args], input=stdin, capture_output=True, text=True, cwd=wb, env=env,
                         timeout=60)
    assert got.stdout == want.stdout
    assert got.returncode == want.returncode


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("echo ok\nif true; then\n  echo x\n", 4, "unexpected end of file"),
    ("echo a\necho b )\n", 2, "unexpected token `)'"),
    ("x=1\neval \"echo $x\"\n", 2, "dynamic code"),
])
def test_diagnostics(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    src = tmp_path / "bad.sh"
    src.write_text(text, encoding="utf-8")
    diag = DiagnosticSink()
    transpile_shell([src], tmp_path, diag)
    errors = diag.errors()
    assert errors, "expected a diagnostic"
    assert errors[0].span.line == line
    assert fragment in errors[0].message
