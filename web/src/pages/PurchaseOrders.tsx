// 발주: the purchase orders sent to suppliers, newest first, filtered by status and supplier;
// managers and masters start a new draft here. A row opens the order (its lines, receipts,
// sending, receiving and the .xlsx 발주서).
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Grid, List, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { t } from '../i18n';
import { day, num, won } from '../format';
import { useAuth } from '../auth';
import { PageHead, usePaged, useSuppliers } from '../util';
import { PO_STATUS_COLOR, type PoStatus, type PurchaseOrder } from '../po';
import PurchaseOrderForm from '../components/PurchaseOrderForm';

export function PoStatusTag({ status }: { status: PoStatus }) {
  return <Tag color={PO_STATUS_COLOR[status] || 'default'} data-testid="po-status">{t.po.statuses[status] || status}</Tag>;
}

/** "버터쿠키 외 2건". */
export function poItems(o: Pick<PurchaseOrder, 'first_item' | 'line_count'>): string {
  return o.first_item ? t.po.andMore(o.first_item, o.line_count) : '-';
}

/** Received of ordered, as a small bar (closed and cancelled orders show what they got). */
export function PoProgress({ o }: { o: Pick<PurchaseOrder, 'received_qty' | 'total_qty' | 'status'> }) {
  const pct = o.total_qty ? Math.floor((o.received_qty / o.total_qty) * 100) : 0;
  return (
    <div style={{ minWidth: 110 }}>
      <span className="num">{num(o.received_qty)} / {num(o.total_qty)}</span>
      {(o.status === 'ordered' || o.status === 'partial') && <Progress percent={pct} size="small" showInfo={false} style={{ margin: 0 }} />}
    </div>
  );
}

export default function PurchaseOrders() {
  const nav = useNavigate();
  const { can } = useAuth();
  const phone = !Grid.useBreakpoint().md;
  const [suppliers] = useSuppliers();
  const [status, setStatus] = useState<string>();
  const [supplierId, setSupplierId] = useState<number>();
  const [creating, setCreating] = useState(false);
  const list = usePaged<PurchaseOrder>('/api/purchase-orders', { status, supplier_id: supplierId }, 50);
  const open = (o: PurchaseOrder) => nav(`/purchase-orders/${o.id}`);

  const columns: ColumnsType<PurchaseOrder> = [
    { title: t.po.number, dataIndex: 'id', width: 80, render: (v: number) => <b className="num">#{v}</b> },
    { title: t.po.supplier, key: 'supplier', width: 140, ellipsis: true, render: (_: unknown, o) => o.supplier.name },
    { title: t.po.items, key: 'items', ellipsis: true, render: (_: unknown, o) => poItems(o) },
    { title: t.po.status, dataIndex: 'status', width: 110, render: (v: PoStatus) => <PoStatusTag status={v} /> },
    { title: t.po.orderDate, dataIndex: 'order_date', width: 115, render: (v: string | null) => (v ? <span className="num">{day(v)}</span> : <span className="muted">{t.po.notSent}</span>) },
    { title: t.po.expectedDate, dataIndex: 'expected_date', width: 115, render: (v: string | null) => <span className="num">{v ? day(v) : '-'}</span> },
    { title: t.po.received, key: 'received', width: 140, render: (_: unknown, o) => <PoProgress o={o} /> },
    { title: t.po.amount, dataIndex: 'total_amount', align: 'right', width: 130, render: (v: number) => <span className="num">{won(v)}</span> },
  ];

  return (
    <>
      <PageHead title={t.po.title} sub={<>{t.po.sub} · {t.common.total(num(list.total))}</>}
        extra={can('manager') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="po-new">{t.po.new}</Button>} />
      <Card styles={{ body: { padding: 16 } }}>
        <div className="filters">
          <Select allowClear placeholder={t.po.allStatuses} value={status} onChange={setStatus} style={{ width: 220 }} data-testid="po-status-filter"
            options={[{ value: 'open', label: t.po.open }, ...Object.entries(t.po.statuses).map(([value, label]) => ({ value, label }))]} />
          <Select allowClear showSearch optionFilterProp="label" placeholder={t.po.supplier} value={supplierId} onChange={setSupplierId} style={{ width: 180 }}
            options={suppliers.map((s) => ({ value: s.id, label: s.name }))} />
        </div>
        {phone ? (
          <List<PurchaseOrder> dataSource={list.items} loading={list.loading} locale={{ emptyText: t.po.empty }} data-testid="po-list"
            pagination={{ ...list.pagination, showSizeChanger: false, size: 'small', align: 'center' }}
            renderItem={(o) => (
              <List.Item onClick={() => open(o)} style={{ cursor: 'pointer', paddingInline: 4 }}>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Space size={6}><b className="num">#{o.id}</b><PoStatusTag status={o.status} /></Space>
                  <Typography.Text ellipsis style={{ display: 'block' }}>{o.supplier.name} · {poItems(o)}</Typography.Text>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {o.order_date ? `${t.po.orderedShort} ${day(o.order_date)}` : t.po.notSent}
                    {o.expected_date ? ` · ${t.po.expectedIn} ${day(o.expected_date)}` : ''}
                  </div>
                </div>
                <div style={{ textAlign: 'right', flex: 'none', marginInlineStart: 8 }}><PoProgress o={o} /></div>
              </List.Item>
            )} />
        ) : (
          <Table<PurchaseOrder> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} data-testid="po-table"
            locale={{ emptyText: t.po.empty }} pagination={{ ...list.pagination }} scroll={{ x: 900 }}
            onRow={(o) => ({ onClick: () => open(o), style: { cursor: 'pointer' } })} />
        )}
      </Card>
      <PurchaseOrderForm open={creating} onClose={() => setCreating(false)} onSaved={(o) => { setCreating(false); open(o); }} />
    </>
  );
}
