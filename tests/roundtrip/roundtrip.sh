#!/bin/sh
# roundtrip.sh — the stock template through programs no one here wrote, then back in.
#
#   tests/roundtrip/roundtrip.sh [BUILD_DIR]
#
# 1. rt_tool writes the template; openpyxl (Debian python3-openpyxl) fills quantities, a date
#    and a memo, and saves; the importer must see exactly the expected stock changes.
# 2. LibreOffice Calc headless (Debian libreoffice-calc) re-saves that file as .xlsx; same.
# 3. The filled sheet saved as CSV in CP949 (what Korean Excel writes): by LibreOffice when
#    its filter accepts the encoding, and by Python's csv module; same.
# Also reports whether LibreOffice keeps the very hidden metadata sheet.
set -u

BUILD=${1:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
SOFFICE=${SOFFICE:-soffice}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$ROOT/$BUILD/roundtrip"
mkdir -p "$OUT"
cd "$ROOT" || exit 1

PKGS="jansson libsodium libutf8proc xlsxwriter libzip expat"
# shellcheck disable=SC2046 # pkg-config output is a list of flags
cc -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -O1 -g -Isrc -o "$OUT/rt_tool" \
	tests/roundtrip/rt_tool.c src/sheet.c src/xlsx_read.c src/csv_read.c src/template.c \
	src/import.c $(pkg-config --cflags --libs $PKGS) -lm || exit 1

fail=0
# check NAME FILE: the import of FILE must give exactly the expected changes.
check() {
	"$OUT/rt_tool" import "$2" >"$OUT/$1.out" 2>&1
	ok=1
	for want in "diff A-001 10 7 1 16" "diff A-002 5 0 3 2" "can_apply 1"; do
		grep -qx "$want" "$OUT/$1.out" || ok=0
	done
	grep -q "^item [0-9]* A-001 7 0 2026-11-20$" "$OUT/$1.out" || ok=0
	[ "$(grep -c '^diff ' "$OUT/$1.out")" -eq 2 ] || ok=0
	if [ $ok -eq 1 ]; then
		echo "roundtrip: $1: ok"
	else
		echo "roundtrip: $1: FAILED"
		sed 's/^/  /' "$OUT/$1.out"
		fail=1
	fi
}

"$OUT/rt_tool" template "$OUT/template.xlsx" || exit 1

if ! "$PYTHON" -c 'import openpyxl' 2>/dev/null; then
	echo "roundtrip: python3-openpyxl missing (apt-get install python3-openpyxl)" >&2
	exit 1
fi
"$PYTHON" "$HERE/fill.py" "$OUT/template.xlsx" "$OUT/filled-openpyxl.xlsx" || exit 1
check openpyxl "$OUT/filled-openpyxl.xlsx"

if command -v "$SOFFICE" >/dev/null 2>&1; then
	profile="file://$OUT/lo-profile"
	rm -rf "$OUT/lo"
	mkdir -p "$OUT/lo"
	"$SOFFICE" -env:UserInstallation="$profile" --headless --convert-to xlsx \
		--outdir "$OUT/lo" "$OUT/filled-openpyxl.xlsx" >"$OUT/lo.log" 2>&1
	check libreoffice "$OUT/lo/filled-openpyxl.xlsx"
	if grep -q '^sheet _jaego' "$OUT/libreoffice.out"; then
		echo "roundtrip: libreoffice keeps the metadata sheet ($(grep '^sheet _jaego' "$OUT/libreoffice.out" | cut -d' ' -f3 | sed 's/2/very hidden/;s/1/hidden/;s/0/visible/'))"
	else
		echo "roundtrip: libreoffice dropped the metadata sheet"
	fi
	# LibreOffice's CSV filter: separator 44 (,), quote 34 ("), encoding 62 (RTL_TEXTENCODING_MS_949,
	# the Windows-949 code page that Korean Excel uses).
	mkdir -p "$OUT/lo-csv"
	"$SOFFICE" -env:UserInstallation="$profile" --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,62' \
		--outdir "$OUT/lo-csv" "$OUT/lo/filled-openpyxl.xlsx" >>"$OUT/lo.log" 2>&1
	if [ -s "$OUT/lo-csv/filled-openpyxl.csv" ]; then
		check libreoffice-cp949-csv "$OUT/lo-csv/filled-openpyxl.csv"
		grep -qx "format csv cp949" "$OUT/libreoffice-cp949-csv.out" ||
			{ echo "roundtrip: libreoffice-cp949-csv: not read as CP949" && fail=1; }
	else
		echo "roundtrip: libreoffice-cp949-csv: LibreOffice wrote nothing" && fail=1
	fi
else
	echo "roundtrip: $SOFFICE not found (apt-get install libreoffice-calc): LibreOffice steps skipped"
	fail=1
fi

"$PYTHON" "$HERE/to_cp949.py" "$OUT/filled-openpyxl.xlsx" "$OUT/filled-cp949.csv" || exit 1
check python-cp949-csv "$OUT/filled-cp949.csv"
grep -qx "format csv cp949" "$OUT/python-cp949-csv.out" ||
	{ echo "roundtrip: python-cp949-csv: not read as CP949" && fail=1; }

exit $fail
