// One purchase order: its status, supplier and dates, its lines with what arrived, the
// receipts (who, when, lots, the lead time they showed), and the actions its status allows —
// edit and send a draft, cancel, receive (staff too), close a partly received order — and the
// .xlsx 발주서 to send to the supplier.
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, List, Modal, Result, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, EditOutlined, InboxOutlined, SendOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { api, ApiError } from '../api';
import { t } from '../i18n';
import { day, num, todayKst, when, won } from '../format';
import { useAuth } from '../auth';
import { useShowError } from '../util';
import type { PoLine, PurchaseOrder } from '../po';
import PurchaseOrderForm from '../components/PurchaseOrderForm';
import ReceiveForm from '../components/ReceiveForm';
import { PoStatusTag } from './PurchaseOrders';

type Ending = 'cancel' | 'close';

export default function PurchaseOrderDetail() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [o, setO] = useState<PurchaseOrder | null>(null);
  const [err, setErr] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState(false);
  const [receiving, setReceiving] = useState(false);
  const [ending, setEnding] = useState<Ending | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const path = `/api/purchase-orders/${encodeURIComponent(id)}`;

  const load = useCallback(() => {
    api.get<PurchaseOrder>(path).then((r) => { setO(r); setErr(null); })
      .catch((e) => { setErr(e instanceof ApiError ? e : null); showError(e); });
  }, [path, showError]);
  useEffect(() => { load(); }, [load]);

  if (err && err.status === 404) return <Result status="404" title={`#${id}`} subTitle={err.message} extra={<Link to="/purchase-orders">{t.common.back}</Link>} />;
  if (!o) return <Skeleton active paragraph={{ rows: 8 }} />;

  const send = () => Modal.confirm({
    title: t.po.send, content: t.po.sendConfirm, okText: t.po.send, cancelText: t.common.cancel,
    onOk: async () => {
      try { setO(await api.post<PurchaseOrder>(`${path}/order`, {})); void message.success(t.po.sent); } catch (e) { showError(e); }
    },
  });

  const end = async () => {
    if (!ending) return;
    setBusy(true);
    try {
      setO(await api.post<PurchaseOrder>(`${path}/${ending}`, reason.trim() ? { reason: reason.trim() } : {}));
      void message.success(ending === 'cancel' ? t.po.cancelled : t.po.closed);
      setEnding(null);
    } catch (e) { showError(e); } finally { setBusy(false); }
  };

  const download = () => api.download(`${path}/export.xlsx`, undefined, `purchase-order-${o.id}.xlsx`).catch(showError);

  const isOpen = o.status === 'ordered' || o.status === 'partial';
  const today = todayKst();
  const columns: ColumnsType<PoLine> = [
    { title: t.product.sku, dataIndex: 'sku', width: 130, render: (v: string) => <Link to={`/products/${encodeURIComponent(v)}`} className="sku">{v}</Link> },
    { title: t.product.name, dataIndex: 'name', ellipsis: true, render: (v: string, l) => <Space size={4}>{v}{l.has_expiry && <Tag color="gold">{t.po.expiry.split(' ')[0]}</Tag>}</Space> },
    { title: t.po.qty, dataIndex: 'qty', align: 'right', width: 90, render: (v: number) => <span className="num">{num(v)}</span> },
    { title: t.po.received, dataIndex: 'received_qty', align: 'right', width: 90, render: (v: number) => <span className="num">{num(v)}</span> },
    { title: t.po.remaining, dataIndex: 'remaining_qty', align: 'right', width: 100, render: (v: number) => <b className="num">{num(v)}</b> },
    { title: t.po.unitCost, dataIndex: 'unit_cost', align: 'right', width: 110, render: (v: number) => <span className="num">{won(v)}</span> },
    { title: t.po.amount, dataIndex: 'amount', align: 'right', width: 130, render: (v: number) => <span className="num">{won(v)}</span> },
    { title: t.po.expectedDate, dataIndex: 'expected_date', width: 120, render: (v: string | null) => <span className="num">{v ? day(v) : '-'}</span> },
  ];

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/purchase-orders">{t.nav.purchaseOrders}</Link> }, { title: `#${o.id}` }]} />
      <div className="page-head">
        <div>
          <h1 data-testid="po-title">{t.po.detailTitle(o.id)}</h1>
          <Space size={6} wrap style={{ marginTop: 6 }}>
            <PoStatusTag status={o.status} />
            {o.closed_short && <Tag>{t.po.closedShort}</Tag>}
            <span className="muted">{o.supplier.name}</span>
          </Space>
        </div>
        <span className="spacer" />
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={download} data-testid="po-export">{t.po.export}</Button>
          {can('staff') && isOpen && <Button type="primary" icon={<InboxOutlined />} onClick={() => setReceiving(true)} data-testid="po-receive">{t.po.receive}</Button>}
          {can('manager') && o.status === 'draft' && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="po-edit">{t.common.edit}</Button>
              <Button type="primary" icon={<SendOutlined />} onClick={send} disabled={!o.line_count} data-testid="po-send">{t.po.send}</Button>
            </>
          )}
          {can('manager') && o.status === 'partial' && <Button icon={<CheckCircleOutlined />} onClick={() => { setReason(''); setEnding('close'); }} data-testid="po-close">{t.po.close}</Button>}
          {can('manager') && (o.status === 'draft' || o.status === 'ordered') && (
            <Button danger icon={<StopOutlined />} onClick={() => { setReason(''); setEnding('cancel'); }} data-testid="po-cancel">{t.po.cancel}</Button>
          )}
        </Space>
      </div>

      <Row gutter={[12, 12]} className="stat-cards">
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.po.qty} value={o.total_qty} formatter={(v) => num(Number(v))} suffix="개" /></Card></Col>
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.po.received} value={o.received_qty} formatter={(v) => num(Number(v))} suffix="개" data-testid="po-received" /></Card></Col>
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.po.remaining} value={o.remaining_qty} formatter={(v) => num(Number(v))} suffix="개" /></Card></Col>
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.po.amount} value={o.total_amount} formatter={(v) => num(Number(v))} suffix="원" /></Card></Col>
      </Row>

      <Card style={{ marginTop: 12 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small" colon={false} labelStyle={{ color: '#64748b' }}>
          <Descriptions.Item label={t.po.supplier}>{o.supplier.name}</Descriptions.Item>
          <Descriptions.Item label={t.po.orderDate}>{o.order_date ? day(o.order_date) : t.po.notSent}</Descriptions.Item>
          <Descriptions.Item label={t.po.expectedDate}>
            {o.expected_date ? <Space size={6}><span>{day(o.expected_date)}</span>
              {isOpen && (() => { const n = Math.round((Date.parse(`${o.expected_date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86400000);
                return <Tag color={n < 0 ? 'red' : 'default'}>{t.po.dLeft(n)}</Tag>; })()}</Space> : '-'}
          </Descriptions.Item>
          <Descriptions.Item label={t.po.createdBy}>{o.created_by?.name || '-'} · {when(o.created_at)}</Descriptions.Item>
          {o.ordered_by && <Descriptions.Item label={t.po.orderedBy}>{o.ordered_by.name} · {when(o.ordered_at)}</Descriptions.Item>}
          {o.closed_by && <Descriptions.Item label={t.po.closedBy}>{o.closed_by.name} · {when(o.closed_at)}{o.close_reason ? ` · ${o.close_reason}` : ''}</Descriptions.Item>}
          {o.memo && <Descriptions.Item label={t.po.memo} span={3}><span style={{ whiteSpace: 'pre-wrap' }}>{o.memo}</span></Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card title={t.po.lines} style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
        <Table<PoLine> rowKey="id" columns={columns} dataSource={o.lines || []} pagination={false} scroll={{ x: 860 }} data-testid="po-lines" size="middle" />
      </Card>

      <Card title={t.po.receipts} style={{ marginTop: 12 }}>
        {(o.receipts || []).length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.po.noReceipts} /> : (
          <List data-testid="po-receipts" dataSource={o.receipts} renderItem={(r) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Space size={8} wrap>
                  <b className="num">{day(r.date)}</b>
                  <Tag color="blue">{t.po.leadDays(r.lead_time_days)}</Tag>
                  <span className="muted">{t.po.by} {r.user?.name || '-'} · {when(r.created_at)}</span>
                </Space>
                {r.lines.map((l) => (
                  <div key={l.receipt_id} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 4 }}>
                    <span className="sku">{l.sku}</span><span>{l.name}</span><b className="num qty-in">+{num(l.qty)}</b>
                    {l.lot && <Tag>{t.po.lot} {l.lot}</Tag>}
                    {l.expiry && <Tag color="gold">{t.movement.expiry} {day(l.expiry)}</Tag>}
                  </div>
                ))}
              </div>
            </List.Item>
          )} />
        )}
      </Card>

      <PurchaseOrderForm open={editing} order={o} onClose={() => setEditing(false)} onSaved={(x) => { setEditing(false); setO(x); }} />
      <ReceiveForm open={receiving} order={o} onClose={() => setReceiving(false)} onDone={(x) => { setReceiving(false); setO(x); }} />
      <Modal open={!!ending} title={ending === 'close' ? t.po.close : t.po.cancel} onCancel={() => setEnding(null)} onOk={end}
        okText={ending === 'close' ? t.po.close : t.po.cancel} okButtonProps={{ danger: ending === 'cancel' }} cancelText={t.common.close} confirmLoading={busy} destroyOnHidden>
        <Typography.Paragraph>{ending === 'close' ? t.po.closeConfirm : t.po.cancelConfirm}</Typography.Paragraph>
        <Input.TextArea rows={2} placeholder={t.po.reason} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="po-reason" />
      </Modal>
    </>
  );
}
