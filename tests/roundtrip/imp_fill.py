#!/usr/bin/python3
"""imp_fill.py — fills quantities into a downloaded stock template with openpyxl (Debian
python3-openpyxl), as a seller's script or Google-Sheets-like tool would, and saves it.
Columns are found by header text in row 1, like the importer does.

    imp_fill.py IN.xlsx OUT.xlsx '{"SKU": {"in": 5, "out": 2, "date": "2026-01-05", "memo": "...",
                                    "expiry": "2027-03-31" or "모름", "lot": "L-1"}}'
"""
import json
import sys

import openpyxl


def main():
    src, dst, fills = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    wb = openpyxl.load_workbook(src)
    ws = wb['입출고']
    head = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}
    c_sku, c_in, c_out = head['마스터 SKU'], head['입고 수량'], head['출고 수량']
    c_date, c_memo = head.get('처리일자'), head.get('메모')
    c_expiry, c_lot = head.get('소비기한'), head.get('로트 번호')
    seen = set()
    for row in ws.iter_rows(min_row=2):
        sku = row[c_sku - 1].value
        if sku in fills:
            f = fills[sku]
            if 'in' in f:
                ws.cell(row=row[0].row, column=c_in, value=f['in'])
            if 'out' in f:
                ws.cell(row=row[0].row, column=c_out, value=f['out'])
            if 'date' in f and c_date:
                ws.cell(row=row[0].row, column=c_date, value=f['date'])
            if 'memo' in f and c_memo:
                ws.cell(row=row[0].row, column=c_memo, value=f['memo'])
            if 'expiry' in f and c_expiry:
                ws.cell(row=row[0].row, column=c_expiry, value=f['expiry'])
            if 'lot' in f and c_lot:
                ws.cell(row=row[0].row, column=c_lot, value=f['lot'])
            seen.add(sku)
    missing = set(fills) - seen
    if missing:
        sys.exit(f'imp_fill: SKUs not in the template: {sorted(missing)}')
    wb.save(dst)


if __name__ == '__main__':
    main()
