// The board on a phone: after the tiles, one card per product with its name, what is on
// hand and what to do by when (order how many by which day, or when it runs out), so that
// a seller can see what to order from the phone: the most urgent first (a phone has no
// column to sort by). Cards come 20 at a time.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, Space, Tag, Typography } from 'antd';
import type { StockRow } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { inTile, shortDay, urgencyRank } from './rules';

const URGENCY_COLOR: Record<string, string> = { later: 'gold', today: 'orange', overdue: 'red' };
const STEP = 20;

function NextStep({ r, today }: { r: StockRow; today: string }) {
  const b = t.board;
  if (!r.planned || (r.reorder_needed == null && r.problems.length)) {
    return <Typography.Text type="secondary" style={{ fontSize: 13 }}>{r.problems.map((p) => p.message).join(' / ') || b.set}</Typography.Text>;
  }
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      {r.reorder_urgency ? (
        <div>
          <Tag color={URGENCY_COLOR[r.reorder_urgency]}>{t.plan.urgency[r.reorder_urgency]}</Tag>
          {(r.suggested_qty ?? 0) > 0 && <b>{b.next.order(`${num(r.suggested_qty)}개`)}</b>}
          {r.reorder_date && <span className="muted"> · {b.next.by(shortDay(r.reorder_date))}</span>}
        </div>
      ) : <span className="muted">{b.next.ok}</span>}
      {inTile(r, 'runs_out', today) && <Typography.Text type="danger" style={{ fontSize: 13 }}>{b.next.runsOut(shortDay(r.depletion_date))}</Typography.Text>}
      {r.timing_text && r.reorder_urgency && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.timing_text}</Typography.Text>}
    </Space>
  );
}

/** What to do first comes first: overdue, today, later, nothing; then by order-by day, SKU. */
function byUrgency(a: StockRow, b: StockRow): number {
  return urgencyRank(a) - urgencyRank(b) || (a.reorder_date || '9999').localeCompare(b.reorder_date || '9999') || (a.sku < b.sku ? -1 : 1);
}

export default function BoardCards({ rows: input, filterKey, today }: { rows: StockRow[]; filterKey: string; today: string }) {
  const nav = useNavigate();
  const rows = useMemo(() => [...input].sort(byUrgency), [input]);
  const [shown, setShown] = useState(STEP);
  useEffect(() => { setShown(STEP); }, [filterKey]);
  if (!rows.length) return <Empty description={t.board.empty} />;
  return (
    <div className="board-cards" data-testid="board-cards">
      {rows.slice(0, shown).map((r) => (
        <Card key={r.sku} size="small" className="board-card" data-testid={`board-card-${r.sku}`}
          onClick={() => nav(`/products/${encodeURIComponent(r.sku)}`)} hoverable>
          <div className="board-card-head">
            <div style={{ minWidth: 0 }}>
              <div className="board-card-name">{r.name}</div>
              <span className="sku muted">{r.sku}</span>
            </div>
            <div className="board-card-stock num"><small>{t.board.onHandLabel}</small>{num(r.on_hand)}개</div>
          </div>
          <NextStep r={r} today={today} />
        </Card>
      ))}
      {rows.length > shown && (
        <Button block onClick={() => setShown((n) => n + STEP)} data-testid="board-more">{t.board.more(rows.length - shown)}</Button>
      )}
    </div>
  );
}
