"""to_cp949.py — saves the data sheet of an .xlsx as CSV in CP949, the way Korean Excel's
"CSV (쉼표로 분리)" does. Usage: to_cp949.py IN.xlsx OUT.csv"""
import csv
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb["입출고"]
with open(sys.argv[2], "w", encoding="cp949", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        out = []
        for v in row:
            if isinstance(v, (datetime.date, datetime.datetime)):
                v = v.strftime("%Y-%m-%d")
            out.append("" if v is None else v)
        w.writerow(out)
