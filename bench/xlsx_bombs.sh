#!/usr/bin/env bash
# Spreadsheet bombs against `timekeeper import` (issue 25, hole 5): the
# issue's own sizes, made here with Python's zipfile, each imported under a
# 2 GiB address-space cap; prints the file's size, the answer, the time and
# the peak memory (GNU time).
#
#   1. shared strings inflating to 2 GiB (a file of a few MB);
#   2. a sheet inflating to 1 GiB (an agenda's rows, then empty rows);
#   3. a sheet of 400,000 rows of one-minute items (26 MB), under the part limit: read to the
#      row cap only.
#
#   bench/xlsx_bombs.sh          (needs python3 and /usr/bin/time)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin timekeeper
bin=$root/target/release/timekeeper
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys, zipfile, zlib
work = sys.argv[1]
ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Programme" sheetId="1" r:id="rId1"/></sheets></workbook>')
wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
words = ["Title", "Duration", "Opening", "Keynote", "Panel"]
def sst(extra=b""):
    items = "".join(f"<si><t>{w}</t></si>" for w in words).encode()
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + items, extra, b"</sst>")
rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + "".join(
    f'<row r="{r}"><c r="A{r}" t="s"><v>{s}</v></c><c r="B{r}"><v>{m}</v></c></row>' for r, s, m in [(2, 2, 10), (3, 3, 25), (4, 4, 15)])
head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows).encode()
tail = b"</sheetData></worksheet>"

def write(name, sheet_parts, sst_parts):
    with zipfile.ZipFile(f"{work}/{name}", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, body in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wbrels)]:
            z.writestr(n, body)
        for n, parts in [("xl/worksheets/sheet1.xml", sheet_parts), ("xl/sharedStrings.xml", sst_parts)]:
            with z.open(n, "w", force_zip64=True) as f:
                for p in parts:
                    if callable(p):
                        p(f)
                    else:
                        f.write(p)

def repeat(chunk, total):
    def go(f):
        block = chunk * (1024 * 1024 // len(chunk))
        for _ in range(total // len(block)):
            f.write(block)
    return go

pre, _, post = sst()
write("strings-2g.xlsx", [head, tail], [pre, b"<si><t>", repeat(b"A", 2 << 30), b"</t></si>", post])
write("sheet-1g.xlsx", [head, repeat(b'<row r="9"><c r="Z9"/></row>', 1 << 30), tail], [pre, post])
million = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>2</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(5, 400_005)).encode()
write("rows-400k.xlsx", [head, million, tail], [pre, post])
PY

cd "$work"
for f in strings-2g.xlsx sheet-1g.xlsx rows-400k.xlsx; do
  size=$(stat -c %s "$f")
  out=$( (ulimit -v 2097152; /usr/bin/time -f "%e s, %M KB peak" "$bin" import "$f" --output "${f%.xlsx}.toml") 2>&1 || true)
  echo "$f ($((size / 1024)) KiB):"
  echo "$out" | sed 's/^/    /'
done
