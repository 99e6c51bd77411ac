// The board's table (desktop): one row per product with the planning figures of GET
// /api/stock, in the column order of the board's workbook. Sorting and the page stay as
// they are when the rows are refetched (live updates); a row click opens the product.
// A figure that could not be computed shows why (the row's problems) instead of a blank.
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import type { StockRow } from '../api';
import { t } from '../i18n';
import { num, won } from '../format';
import { coverDays, inTile, urgencyRank } from './rules';

const URGENCY_COLOR: Record<string, string> = { later: 'gold', today: 'orange', overdue: 'red' };

/** The reason a figure is missing, shown in its cell. */
export function Missing({ row, figure }: { row: StockRow; figure: string }) {
  const p = row.problems.find((x) => x.figures.includes(figure)) || row.problems[0];
  if (!p) return <span className="muted">-</span>;
  // A native title, not a Tooltip: hundreds of cells would each mount one.
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} title={p.message} data-testid={`missing-${row.sku}-${figure}`}>
      {t.board.problemShort[p.code] || t.board.cannot}
    </Typography.Text>
  );
}

type Order = 'ascend' | 'descend' | null | undefined;
/** Ties by SKU, A to Z in either direction (the table reverses the whole comparison). */
const bySku = (a: StockRow, b: StockRow, order: Order) => (a.sku < b.sku ? -1 : 1) * (order === 'descend' ? -1 : 1);

/** Ascending order with the rows without a value last, whatever the direction. */
function byNum(get: (r: StockRow) => number | null | undefined) {
  return (a: StockRow, b: StockRow, order?: Order) => {
    const x = get(a), y = get(b);
    if (x == null && y == null) return bySku(a, b, order);
    if (x == null) return order === 'descend' ? -1 : 1;
    if (y == null) return order === 'descend' ? 1 : -1;
    return x - y || bySku(a, b, order);
  };
}
const dayNum = (s: string | null | undefined) => (s ? Date.parse(`${s}T00:00:00Z`) / 86400000 : null);

function qtyCell(r: StockRow, v: number | null | undefined, figure: string) {
  return v == null ? <Missing row={r} figure={figure} /> : <span className="num">{num(v)}</span>;
}

function columns(showMoney: boolean, sort: SorterResult<StockRow>, today: string): ColumnsType<StockRow> {
  const b = t.board;
  const so = (key: string) => (sort.columnKey === key ? sort.order : null);
  return [
    { title: b.col.product, key: 'product', fixed: 'left', width: 190, sorter: (a, c) => (a.sku < c.sku ? -1 : a.sku > c.sku ? 1 : 0), sortOrder: so('product'),
      render: (_: unknown, r) => <div><span className="sku">{r.sku}</span><br /><b>{r.name}</b></div> },
    { title: b.col.supplier, key: 'supplier', width: 110, render: (_: unknown, r) => r.supplier || <span className="muted">{b.noSupplier}</span> },
    { title: b.col.onHand, key: 'on_hand', width: 90, align: 'right', sorter: byNum((r) => r.on_hand), sortOrder: so('on_hand'),
      render: (_: unknown, r) => <b className="num">{num(r.on_hand)}</b> },
    { title: b.col.forecast, key: 'forecast', width: 115, align: 'right', sorter: byNum((r) => r.forecast_30), sortOrder: so('forecast'),
      render: (_: unknown, r) => (r.forecast_30 == null ? <Missing row={r} figure="forecast" /> : (
        <div className="num"><b>{num(r.forecast_30)}</b><div className="muted" style={{ fontSize: 12 }}>{num(r.forecast_60)} · {num(r.forecast_90)}</div></div>)) },
    { title: b.col.depletion, key: 'depletion', width: 110, sorter: byNum((r) => dayNum(r.depletion_date)), sortOrder: so('depletion'),
      render: (_: unknown, r) => (r.planned && r.stockout_risk == null ? <Missing row={r} figure="depletion_date" />
        : r.depletion_date ? <span className="num" style={{ color: inTile(r, 'runs_out', today) ? '#dc2626' : undefined }}>{r.depletion_date}</span>
          : <span className="muted">{r.planned ? b.noDepletion : '-'}</span>) },
    { title: <Tooltip title={b.coverHelp}>{b.col.cover}</Tooltip>, key: 'cover', width: 90, align: 'right', sorter: byNum(coverDays), sortOrder: so('cover'),
      render: (_: unknown, r) => { const d = coverDays(r); return d != null ? <span className="num">{b.days(num(d))}</span>
        : r.forecast_30 === 0 ? <span className="muted">{b.noOutbound}</span> : <Missing row={r} figure="forecast" />; } },
    { title: b.col.lead, key: 'lead', width: 92, align: 'right', sorter: byNum((r) => r.lead_time_days), sortOrder: so('lead'),
      render: (_: unknown, r) => (r.lead_time_days == null ? <Missing row={r} figure="reorder" /> : <span className="num">{b.days(num(r.lead_time_days))}</span>) },
    { title: b.col.safety, key: 'safety', width: 85, align: 'right', sorter: byNum((r) => r.safety_stock), sortOrder: so('safety'),
      render: (_: unknown, r) => qtyCell(r, r.safety_stock, 'safety_stock') },
    { title: b.col.reorder, key: 'reorder', width: 130, sorter: (a, c, o) => urgencyRank(a) - urgencyRank(c) || (dayNum(a.reorder_date) ?? 1e9) - (dayNum(c.reorder_date) ?? 1e9) || bySku(a, c, o),
      sortOrder: so('reorder'),
      render: (_: unknown, r) => (r.planned && r.reorder_needed == null ? <Missing row={r} figure="reorder" /> : (
        <div>
          {r.reorder_urgency ? <Tag color={URGENCY_COLOR[r.reorder_urgency]}>{t.plan.urgency[r.reorder_urgency]}</Tag> : <span className="muted">{r.planned ? b.notNeeded : '-'}</span>}
          {r.reorder_urgency && r.reorder_date && <div className="num" style={{ fontSize: 12 }}>{r.reorder_date}</div>}
        </div>)) },
    { title: b.col.suggested, key: 'suggested', width: 95, align: 'right', sorter: byNum((r) => r.suggested_qty), sortOrder: so('suggested'),
      render: (_: unknown, r) => (r.suggested_qty == null ? (r.planned ? <Missing row={r} figure="suggested_qty" /> : '-')
        : <span className="num" title={r.suggestion_text}>{num(r.suggested_qty)}</span>) },
    { title: b.col.overstock, key: 'overstock', width: 120, align: 'right',
      sorter: byNum((r) => (showMoney ? r.overstock_value : r.overstock_qty)), sortOrder: so('overstock'),
      render: (_: unknown, r) => (r.overstock_qty == null ? (r.planned ? <Missing row={r} figure="overstock" /> : '-') : r.overstock_qty === 0 ? <span className="muted">0</span> : (
        <div className="num" title={r.overstock_text}>{num(r.overstock_qty)}{showMoney && r.overstock_value != null && <div style={{ fontSize: 12 }}>{won(r.overstock_value)}</div>}</div>)) },
    { title: b.col.expiry, key: 'expiry', width: 120, sorter: byNum((r) => r.expiry_near_qty), sortOrder: so('expiry'),
      render: (_: unknown, r) => (!r.has_expiry ? <span className="muted">-</span> : r.expiry_near_qty == null ? <Missing row={r} figure="expiry" /> : (
        <div style={{ fontSize: 12 }}>
          <div className="num" style={{ color: r.expiry_near_qty ? '#7c3aed' : undefined }}>{b.near(num(r.expiry_near_qty))}</div>
          <div className="num">{b.risk(num(r.expiry_risk_qty))}{showMoney && r.expiry_risk_value ? ` · ${won(r.expiry_risk_value)}` : ''}</div>
        </div>)) },
    { title: b.col.problems, key: 'problems', width: 220,
      render: (_: unknown, r) => (r.problems.length ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.problems.map((p) => p.message).join(' / ')}</Typography.Text> : null) },
  ];
}

export default function BoardTable({ rows, showMoney, total, loading, filterKey, today }: {
  rows: StockRow[]; showMoney: boolean; total: number; loading: boolean; filterKey: string; today: string;
}) {
  const nav = useNavigate();
  const [sort, setSort] = useState<SorterResult<StockRow>>({});
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  // A new filter starts on the first page; a live refetch keeps the page.
  useEffect(() => { setPage((p) => ({ ...p, current: 1 })); }, [filterKey]);
  const cols = useMemo(() => columns(showMoney, sort, today), [showMoney, sort, today]);
  // A page past the end (after a filter or a live change shrank the list) goes to the last one.
  const last = Math.max(1, Math.ceil(rows.length / page.pageSize));
  const current = Math.min(page.current, last);
  return (
    <Table<StockRow>
      size="small" rowKey="sku" columns={cols} dataSource={rows} loading={loading && rows.length === 0}
      scroll={{ x: 1560 }} sticky data-testid="board-table" className="board-table"
      locale={{ emptyText: t.board.empty }}
      onChange={(p, _f, s) => {
        setSort(Array.isArray(s) ? s[0] : s);
        setPage({ current: p.current || 1, pageSize: p.pageSize || 50 });
      }}
      pagination={{ current, pageSize: page.pageSize, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
        showTotal: (n) => t.board.shown(num(n), num(total)) }}
      onRow={(r) => ({ onClick: () => nav(`/products/${encodeURIComponent(r.sku)}`), style: { cursor: 'pointer' }, 'data-testid': `board-row-${r.sku}` } as HTMLAttributes<HTMLElement>)}
    />
  );
}
