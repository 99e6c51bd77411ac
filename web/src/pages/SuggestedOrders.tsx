// 추천 발주 (managers and masters): the suggested order sheet of GET
// /api/purchase-orders/suggested — per supplier a table of the products to order with the
// suggested quantity (MOQ and order multiple applied), lead time, expected arrival, the day to
// order by and the one-sentence reason. Quantities can be edited and lines ticked;
// "발주서 만들기" creates one draft purchase order per supplier through POST
// /api/purchase-orders; the sheet downloads as .xlsx.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Empty, InputNumber, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, FileAddOutlined } from '@ant-design/icons';
import { api, type SuggestedGroup, type SuggestedItem, type SuggestedSheet } from '../api';
import { t } from '../i18n';
import { dayWithWeekday, num, won } from '../format';
import { PageHead, useShowError } from '../util';
import type { PurchaseOrder } from '../po';

const URGENCY_COLOR: Record<string, string> = { later: 'gold', today: 'orange', overdue: 'red' };
const groupKey = (g: SuggestedGroup) => String(g.supplier_id ?? 'none');

interface Edits { qty: Record<string, number | null>; picked: Record<string, string[]> }

function columns(qty: Edits['qty'], setQty: (sku: string, v: number | null) => void): ColumnsType<SuggestedItem> {
  return [
    { title: t.product.name, key: 'product', width: 220, render: (_: unknown, i) => (
      <Link to={`/products/${encodeURIComponent(i.sku)}`}><span className="sku">{i.sku}</span><br />{i.name}</Link>) },
    { title: t.suggested.qty, key: 'qty', width: 150, render: (_: unknown, i) => (
      <Space direction="vertical" size={0}>
        <InputNumber min={1} max={1000000} precision={0} value={qty[i.sku] ?? i.qty} onChange={(v) => setQty(i.sku, v)}
          formatter={(v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} parser={(v) => Number((v || '').replace(/,/g, ''))}
          addonAfter="개" style={{ width: 130 }} data-testid={`suggested-qty-${i.sku}`} aria-label={`${i.sku} ${t.suggested.qty}`} />
        {(i.moq_applied || i.multiple_applied) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.moq_applied ? `${t.suggested.moq} ${num(i.moq)}` : ''}{i.moq_applied && i.multiple_applied ? ' · ' : ''}
            {i.multiple_applied ? `${t.suggested.multiple} ${num(i.order_multiple)}` : ''}
          </Typography.Text>
        )}
      </Space>) },
    { title: t.suggested.orderBy, key: 'when', width: 150, render: (_: unknown, i) => (
      <Space direction="vertical" size={2}>
        {i.reorder_urgency && <Tag color={URGENCY_COLOR[i.reorder_urgency]}>{t.plan.urgency[i.reorder_urgency]}</Tag>}
        <span className="num">{i.reorder_date ? dayWithWeekday(i.reorder_date) : '-'}</span>
      </Space>) },
    { title: t.suggested.arrival, key: 'arrival', width: 150, render: (_: unknown, i) => (
      <Space direction="vertical" size={0}>
        <span className="num">{dayWithWeekday(i.expected_arrival)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.suggested.lead} {num(i.lead_time_days)}일</Typography.Text>
      </Space>) },
    { title: t.suggested.why, dataIndex: 'why', render: (v: string, i) => (
      <Space direction="vertical" size={0}>
        <span data-testid={`suggested-why-${i.sku}`}>{v}</span>
        {i.timing_text && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.timing_text}</Typography.Text>}
      </Space>) },
    { title: t.po.amount, key: 'amount', width: 120, align: 'right', render: (_: unknown, i) => (
      <span className="num">{i.unit_cost != null ? won((qty[i.sku] ?? i.qty) * i.unit_cost) : '-'}</span>) },
  ];
}

export default function SuggestedOrders() {
  const { message } = App.useApp();
  const showError = useShowError();
  const [sheet, setSheet] = useState<SuggestedSheet | null>(null);
  const [edits, setEdits] = useState<Edits>({ qty: {}, picked: {} });
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<PurchaseOrder[]>([]);

  const load = useCallback(() => {
    api.get<SuggestedSheet>('/api/purchase-orders/suggested').then((s) => {
      setSheet(s);
      // every line with a supplier starts ticked
      setEdits({ qty: {}, picked: Object.fromEntries(s.groups.map((g) => [groupKey(g), g.supplier_id ? g.items.map((i) => i.sku) : []])) });
    }).catch(showError);
  }, [showError]);
  useEffect(() => { load(); }, [load]);

  const setQty = useCallback((sku: string, v: number | null) => setEdits((e) => ({ ...e, qty: { ...e.qty, [sku]: v } })), []);
  const cols = useMemo(() => columns(edits.qty, setQty), [edits.qty, setQty]);
  const picked = sheet ? sheet.groups.filter((g) => g.supplier_id && (edits.picked[groupKey(g)] || []).length) : [];

  const make = async () => {
    if (!picked.length) { void message.warning(t.suggested.select); return; }
    setBusy(true);
    const out: PurchaseOrder[] = [];
    try {
      for (const g of picked) {
        const skus = new Set(edits.picked[groupKey(g)]);
        const lines = g.items.filter((i) => skus.has(i.sku)).map((i) => ({ sku: i.sku, qty: edits.qty[i.sku] ?? i.qty }));
        out.push(await api.post<PurchaseOrder>('/api/purchase-orders', { supplier_id: g.supplier_id, lines }));
      }
      void message.success(t.suggested.made(out.length));
    } catch (e) {
      showError(e);
    } finally {
      setMade((m) => [...out, ...m]);
      setBusy(false);
    }
  };

  const download = () => api.download('/api/purchase-orders/suggested', { format: 'xlsx' }, 'suggested-order.xlsx').catch(showError);

  return (
    <>
      <PageHead title={t.suggested.title} sub={sheet ? <>{t.suggested.sub} · {t.plan.cardSub(sheet.date)}</> : t.suggested.sub}
        extra={<Space wrap>
          <Button icon={<DownloadOutlined />} onClick={download} data-testid="suggested-xlsx">{t.suggested.download}</Button>
          <Button type="primary" icon={<FileAddOutlined />} loading={busy} disabled={!picked.length} onClick={make} data-testid="suggested-make">{t.suggested.make}</Button>
        </Space>} />
      {made.length > 0 && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="suggested-made"
          message={t.suggested.made(made.length)}
          description={<Space wrap>{made.map((o) => <Link key={o.id} to={`/purchase-orders/${o.id}`}>#{o.id} {o.supplier?.name}</Link>)}</Space>} />
      )}
      {!sheet ? <Card><Skeleton active /></Card>
        : sheet.groups.length === 0 ? <Card><Empty description={t.suggested.empty} /></Card>
          : sheet.groups.map((g) => {
            const key = groupKey(g);
            const total = g.items.reduce((s, i) => s + (edits.qty[i.sku] ?? i.qty), 0);
            const amount = g.items.every((i) => i.unit_cost != null)
              ? g.items.reduce((s, i) => s + (edits.qty[i.sku] ?? i.qty) * (i.unit_cost || 0), 0) : null;
            return (
              <Card key={key} style={{ marginBottom: 12 }} data-testid={`suggested-group-${key}`}
                title={<Space>{g.supplier || t.suggested.noSupplier}<Tag>{num(g.items.length)}</Tag></Space>}
                extra={<Typography.Text type="secondary">{t.suggested.total(`${num(total)}개`, amount != null ? won(amount) : '')}</Typography.Text>}
                styles={{ body: { padding: 0 } }}>
                {!g.supplier_id && <Alert type="info" showIcon banner message={t.suggested.needSupplier} />}
                <Table<SuggestedItem> rowKey="sku" size="small" columns={cols} dataSource={g.items} pagination={false} scroll={{ x: 960 }}
                  rowSelection={g.supplier_id ? {
                    selectedRowKeys: edits.picked[key] || [],
                    onChange: (keys) => setEdits((e) => ({ ...e, picked: { ...e.picked, [key]: keys as string[] } })),
                  } : undefined} />
              </Card>
            );
          })}
    </>
  );
}
