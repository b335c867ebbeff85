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
for d in 2023-01-05 x-1 1999-12-31 nope 2023-01-05; do
  if [[ $d =~ ^([0-9]+)-([0-9]+) ]]; then echo "m ${BASH_REMATCH[0]} ${#BASH_REMATCH[@]}"; else echo "no ${#BASH_REMATCH[@]}"; fi
done
re='^(a|b)+$'; for w in abba abc b; do [[ $w =~ $re ]] && echo "$w ${BASH_REMATCH[1]}"; done
bad="("; [[ x =~ $bad ]]; echo "bad regex status $?"
[[ x =~ $bad || 1 == 1 ]]; echo $?; [[ 1 == 1 && x =~ $bad ]]; echo $?; [[ ! x =~ $bad ]]; echo $?
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
    # Compiled arithmetic: bash's i64 wrapping, operators, bases, variables holding expressions, unset -> 0.
    "arith_edges": ("""
x=7; y=-3
echo $((x / y)) $((x % y)) $((-x / 2)) $((-x % 2)) $((2 ** 62 * 4)) $((9223372036854775807 + 1))
echo $((1 << 63)) $((-8 >> 1)) $((1 << 64)) $((5 & 3)) $((5 | 3)) $((5 ^ 3)) $((~5)) $((!5)) $((!0))
echo $((3 < 4)) $((3 <= 3)) $((3 > 4)) $((3 >= 4)) $((3 == 3)) $((3 != 3)) $((0 && 1/0)) $((1 || 1/0))
echo $((x > 5 ? 10 : 20)) $((x < 5 ? 10 : x ? 30 : 40)) $((a = 1, b = 2, a + b)) $a $b
z=5; echo $((z += 3)) $((z -= 1)) $((z *= 2)) $((z /= 3)) $((z %= 3)) $((z <<= 4)) $((z >>= 1)) $z
z=12; echo $((z &= 10)) $((z |= 5)) $((z ^= 3)) $z
i=5; echo $((i++)) $((i--)) $((++i)) $((--i)) $i
arr=(10 20 30); j=0; echo $((arr[1] + arr[j+2])) $((arr[j]++)) ${arr[0]} $((++arr[2])) ${arr[2]}
(( arr[1] += 5 )); echo ${arr[*]}
echo $((0x1F)) $((017)) $((2#1010)) $((36#z)) $((64#_)) $((010 + 0x10))
x=010; echo $((x)) $x
x=" 5 "; echo $((x + 1)) "[$x]"
x=1+2; echo $((x * 2)) $x
p=q; q=r; r=4; echo $((p + 1))
unset u; echo $((u + 1)) $((u)) "[$u]"
s=abc; echo $((s))
n=-5; echo $((n * n)) $((-n))
echo $(( 2 ** 10 )) $(( (1 + 2) * 3 )) $(( 100 / 7 * 7 + 100 % 7 ))
m=3; (( m = m * m )); echo $m; (( m == 9 )) && echo nine
(( 0 )); echo "st=$?"; (( 5 )); echo "st=$?"
for ((k = 0, t = 1; k < 5; k++, t *= 2)); do :; done; echo $k $t
let 'v = 6 * 7' 'w = v / 2'; echo $v $w $?
let 'q2 = 0'; echo "st=$?"
declare -i di=5; di=di+3; echo $di; di+=2; echo $di; di='2 * 4'; echo $di
readonly ro=3; echo $((ro + 1))
c=0; while (( c < 3 )); do c=$((c + 1)); done; echo $c
g=1; [ $g -lt 2 ] && echo lt; [[ $g -eq 1 ]] && echo eq; [[ $((g + 1)) -gt $g ]] && echo gt
h=$((4 * 5)); h+=1; echo $h; h=$((h)); echo $((h + 1))
e=$((1 ? 2 : 3)); echo $e
echo $(( 1 - - 1 )) $(( - - 3 )) $(( +7 ))
echo $((7 / 0)) after
echo reached
""", [], ""),
    # Expression errors: message, status, and what bash discards (the rest of the line; `(( ))` only fails).
    "arith_errors": ("""
echo $((5 / 0 + 1)); echo after1
x=0; echo $(( 7 % (x - 0) )); echo after2
echo $((2 ** -1)); echo after3
(( 1 / 0 )); echo "dp=$?"
for ((i = 0; i < 1 / 0; i++)); do echo body; done; echo "for=$?"
y=$(( 4 / x )); echo "y=$y st=$?"
readonly r=1; echo $(( r = 2 )); echo after5
set -u
echo $((nope + 1)); echo after6
""", [], ""),
    "readonly_arith": ("""
readonly r=1
(( r = 3 )); echo "st=$?"
echo $((r=4)); echo same-line
echo next
let r=5; echo "let=$?"
""", [], ""),
    # Variables in slots keep bash's dynamic scoping: a function sees its caller's locals; exports reach children.
    "local_scope": ("""
v=global
show() { echo "show: v=$v n=${n-unset}"; }
inner() { local v=inner; show; v=changed; show; }
outer() { local n=1; local v=outer; inner; show; echo "outer v=$v"; }
outer; show; echo "top v=$v"
counter() { local i; for ((i = 0; i < 3; i++)); do total=$((total + i)); done; }
total=10; i=99; counter; echo "total=$total i=$i"
rec() { local d=$1; if (( d > 0 )); then rec $((d - 1)); fi; echo "d=$d"; }
rec 3
x=1; f() { local x; x=$((x + 5)); echo "f x=$x"; }; f; echo "x=$x"
setg() { local a=1; b=$((a + 1)); }; setg; echo "b=$b a=${a-unset}"
u() { local w=5; unset w; echo "w=${w-gone}"; }; w=top; u; echo "w=$w"
e() { export ev=$((6 * 7)); sh_child=1; }; e; bash -c 'echo "child ev=$ev"'
declare -i cnt=0; inc() { local k; for k in 1 2 3; do cnt+=k; done; }; inc; echo "cnt=$cnt"
num=$((3 * 4)); export num; env | grep '^num='
num=$((num + 1)); bash -c 'echo "num=$num"'
export big=$((2 ** 40)); printenv big
""", [], ""),
}


STDERR_EXACT = {"arith_errors", "readonly_arith"}


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
    if name in STDERR_EXACT:  # error messages too, the program name aside
        assert got.stderr.replace(str(built / name), "PROG") == want.stderr.replace(str(script), "PROG")


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
