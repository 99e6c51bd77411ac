"""fill.py — fills the downloaded stock template the way a seller would, with openpyxl:
quantities typed into 입고 수량 / 출고 수량 (found by header text), a real date in 처리일자,
a memo; then saves. Usage: fill.py IN.xlsx OUT.xlsx"""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["입출고"]
head = {c.value: c.column for c in ws[1]}
want = {"A-001": (7, None), "A-002": (None, 2), "SET-1": (None, 1)}
for row in ws.iter_rows(min_row=2):
    sku = row[head["마스터 SKU"] - 1].value
    if sku not in want:
        continue
    inbound, outbound = want[sku]
    if inbound is not None:
        ws.cell(row=row[0].row, column=head["입고 수량"], value=inbound)
        ws.cell(row=row[0].row, column=head["처리일자"], value=datetime.date(2026, 11, 20))
        ws.cell(row=row[0].row, column=head["메모"], value="정기 입고")
    if outbound is not None:
        ws.cell(row=row[0].row, column=head["출고 수량"], value=outbound)
wb.save(sys.argv[2])
