#!/usr/bin/python3
"""imp_make.py — writes hand-built .xlsx files for the import tests: the shapes that real
spreadsheets take (inline and shared strings, numbers stored as text, formulas with or
without cached values, merged cells, hidden rows, extra sheets, a workbook part found only
through _rels/.rels, zip entries named with backslashes) and hostile ones (entity expansion,
zip bomb, 100,000 rows). Only the standard library is used, so every byte is known.

    imp_make.py OUT.xlsx < spec.json

spec: {"rows": [[cell, ...], ...]   cell: null | number | "text" | {"f": "A1+1", "v": 3}
                                          | {"f": "A1+1"} (no cached value, as non-Excel writers do)
                                          | {"f": "1/0", "v": "#DIV/0!"} (an error result, t="e")
                                          | {"s": "text"} (shared string) | {"n": "12"} (number as text)
       "merges": ["F2:G2"], "hidden": [3], "extra_sheet": true, "sheet_name": "입출고",
       "workbook_path": "book/main.xml" (the workbook elsewhere than xl/workbook.xml),
       "backslash": true (zip entry names written with '\\'),
       "sheet_state": "hidden" (the data sheet hidden), "raw_sheet": "<worksheet>..." (as given),
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


def workbook(extra, name, moved, state):
    # A moved workbook refers to the parts under xl/ by absolute targets.
    base = '/xl/' if moved else ''
    st = f' state="{state}"' if state else ''
    sheets = f'<sheet name="{esc(name)}" sheetId="1"{st} r:id="rId1"/>'
    rels = f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{base}worksheets/sheet1.xml"/>'
    if extra:
        sheets = '<sheet name="메모장" sheetId="2" r:id="rId2"/>' + sheets
        rels += f'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{base}worksheets/sheet2.xml"/>'
    rels += f'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="{base}sharedStrings.xml"/>'
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
            elif 'f' in v and 'v' not in v:
                out.append(f'<c r="{ref}"><f>{esc(v["f"])}</f></c>')
            elif 'f' in v and isinstance(v['v'], str) and v['v'].startswith('#'):
                # An error result, as Excel writes it.
                out.append(f'<c r="{ref}" t="e"><f>{esc(v["f"])}</f><v>{esc(v["v"])}</v></c>')
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


class Zip:
    """zipfile.ZipFile whose entry names may be written with backslashes."""

    def __init__(self, z, backslash):
        self.z, self.backslash = z, backslash

    def writestr(self, name, data):
        info = zipfile.ZipInfo(name.replace('/', '\\') if self.backslash else name,
                               date_time=(2025, 1, 28, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.z.writestr(info, data)


def main():
    outp = sys.argv[1]
    spec = json.load(sys.stdin)
    wb_path = spec.get('workbook_path', 'xl/workbook.xml')
    wb_dir, wb_name = wb_path.rsplit('/', 1) if '/' in wb_path else ('', wb_path)
    with zipfile.ZipFile(outp, 'w', zipfile.ZIP_DEFLATED) as zf:
        z = Zip(zf, spec.get('backslash'))
        z.writestr('[Content_Types].xml', CT.replace('/xl/workbook.xml', '/' + wb_path))
        z.writestr('_rels/.rels', RELS.replace('Target="xl/workbook.xml"', f'Target="{esc(wb_path)}"'))
        wb, wr = workbook(spec.get('extra_sheet'), spec.get('sheet_name', '입출고'),
                          wb_path != 'xl/workbook.xml', spec.get('sheet_state'))
        z.writestr(wb_path, wb)
        z.writestr(f'{wb_dir}/_rels/{wb_name}.rels' if wb_dir else f'_rels/{wb_name}.rels', wr)
        if 'raw_sheet' in spec:
            z.writestr('xl/worksheets/sheet1.xml', spec['raw_sheet'])
        elif spec.get('bomb'):
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
