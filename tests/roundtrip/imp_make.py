#!/usr/bin/python3
"""imp_make.py — writes hand-built .xlsx files for the import tests: the shapes that real
spreadsheets take (inline and shared strings, numbers stored as text, formulas with cached
values, merged cells, hidden rows, extra sheets) and hostile ones (entity expansion, zip
bomb, 100,000 rows). Only the standard library is used, so every byte is known.

    imp_make.py OUT.xlsx < spec.json

spec: {"rows": [[cell, ...], ...]   cell: null | number | "text" | {"f": "A1+1", "v": 3}
                                          | {"s": "text"} (shared string) | {"n": "12"} (number as text)
       "merges": ["F2:G2"], "hidden": [3], "extra_sheet": true,
       "entity": true, "bomb": true, "many_rows": 100000}
"""
import json
import sys
import zipfile

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')


def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def workbook(extra):
    sheets = '<sheet name="입출고" sheetId="1" r:id="rId1"/>'
    rels = '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    if extra:
        sheets = '<sheet name="메모장" sheetId="2" r:id="rId2"/>' + sheets
        rels += '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
    rels += '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    wb = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS}><sheets>{sheets}</sheets></workbook>'
    wr = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    return wb, wr


def sheet_xml(spec, shared):
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>']
    if spec.get('entity'):
        out.append('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                   '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
                   '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>')
    out.append(f'<worksheet {NS}><sheetData>')
    hidden = set(spec.get('hidden', []))
    rows = spec.get('rows', [])
    for ri, row in enumerate(rows, start=1):
        attrs = ' hidden="1"' if ri in hidden else ''
        out.append(f'<row r="{ri}"{attrs}>')
        for ci, v in enumerate(row):
            ref = f'{col(ci)}{ri}'
            if v is None:
                continue
            if isinstance(v, bool):
                out.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                out.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif isinstance(v, str):
                if spec.get('entity') and v == '&lol4;':
                    out.append(f'<c r="{ref}" t="inlineStr"><is><t>&lol4;</t></is></c>')
                else:
                    out.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
            elif 'f' in v:
                out.append(f'<c r="{ref}"><f>{esc(v["f"])}</f><v>{v["v"]}</v></c>')
            elif 's' in v:
                shared.append(v['s'])
                out.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
            elif 'n' in v:
                out.append(f'<c r="{ref}" t="str"><v>{esc(v["n"])}</v></c>')
        out.append('</row>')
    n = spec.get('many_rows', 0)
    for k in range(n):
        ri = len(rows) + 1 + k
        out.append(f'<row r="{ri}"><c r="A{ri}" t="inlineStr"><is><t>A-001</t></is></c><c r="F{ri}"><v>1</v></c></row>')
    out.append('</sheetData>')
    merges = spec.get('merges', [])
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' + ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>')
    out.append('</worksheet>')
    return ''.join(out)


def main():
    outp = sys.argv[1]
    spec = json.load(sys.stdin)
    with zipfile.ZipFile(outp, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        wb, wr = workbook(spec.get('extra_sheet'))
        z.writestr('xl/workbook.xml', wb)
        z.writestr('xl/_rels/workbook.xml.rels', wr)
        if spec.get('bomb'):
            # 200 MiB of one byte: a few hundred KiB compressed.
            z.writestr('xl/worksheets/sheet1.xml', b'<' + b' ' * (200 * 1024 * 1024))
        else:
            shared = []
            z.writestr('xl/worksheets/sheet1.xml', sheet_xml(spec, shared))
            sst = ''.join(f'<si><t>{esc(s)}</t></si>' for s in shared)
            z.writestr('xl/sharedStrings.xml',
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {NS} count="{len(shared)}" uniqueCount="{len(shared)}">{sst}</sst>')
        if spec.get('extra_sheet'):
            z.writestr('xl/worksheets/sheet2.xml',
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}><sheetData>'
                       '<row r="1"><c r="A1" t="inlineStr"><is><t>메모만 있는 시트</t></is></c></row></sheetData></worksheet>')


if __name__ == '__main__':
    main()
