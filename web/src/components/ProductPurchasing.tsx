// The product page's purchasing cards: 진행 중인 발주 (open orders with what is still expected and
// when), and the lead times observed on its receipts — median and spread over all suppliers and
// per supplier, beside the lead time in use, with 적용 for managers (PATCH of the product's
// lead time, audited like any product change).
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Col, Empty, List, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { api, type List as ListOf, type Product } from '../api';
import { t } from '../i18n';
import { day, num, todayKst } from '../format';
import { useAuth } from '../auth';
import { useShowError } from '../util';
import { daysUntil, type LeadGroup, type LeadTimes, type PurchaseOrder } from '../po';
import { PoStatusTag } from '../pages/PurchaseOrders';

interface Props { product: Product; onChanged: () => void }

function StatsLine({ g }: { g: LeadGroup }) {
  if (!g.stats) return <Typography.Text type="secondary">{g.message || t.po.leadShort} ({t.po.deliveries(g.count)})</Typography.Text>;
  const s = g.stats;
  return (
    <Space size={[12, 2]} wrap>
      <span>{t.po.median} <b className="num">{num(s.median)}일</b></span>
      <span className="muted">{t.po.range} {num(s.min)}~{num(s.max)}일</span>
      <span className="muted">{t.po.middle} {num(s.p25)}~{num(s.p75)}일</span>
      <span className="muted">{t.po.deliveries(s.n)}</span>
    </Space>
  );
}

export default function ProductPurchasing({ product, onChanged }: Props) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [open, setOpen] = useState<PurchaseOrder[]>([]);
  const [lead, setLead] = useState<LeadTimes | null>(null);
  const sku = encodeURIComponent(product.sku);

  const load = useCallback(() => {
    api.get<ListOf<PurchaseOrder>>('/api/purchase-orders', { sku: product.sku, status: 'open', limit: 20 })
      .then((r) => setOpen(r.items || [])).catch(() => setOpen([]));
    api.get<LeadTimes>(`/api/products/${sku}/lead-times`).then(setLead).catch(() => setLead(null));
  }, [product.sku, sku]);
  useEffect(() => { load(); }, [load, product.lead_time_days]);

  const adopt = async (days: number) => {
    try {
      await api.patch(`/api/products/${sku}`, { lead_time_days: days });
      void message.success(t.po.applied(days));
      onChanged();
    } catch (e) { showError(e); }
  };

  const applyButton = (days: number) => can('manager') && days !== product.lead_time_days && (
    <Popconfirm title={t.po.applyConfirm(days)} okText={t.po.apply} cancelText={t.common.cancel} onConfirm={() => adopt(days)}>
      <Button size="small" data-testid="lead-apply">{t.po.apply}</Button>
    </Popconfirm>
  );

  const today = todayKst();
  // With one supplier, "all suppliers" says the same thing again: show the supplier only.
  const groups: LeadGroup[] = !lead ? [] : lead.by_supplier.length > 1
    ? [{ ...lead.all, supplier: t.po.allSuppliers }, ...lead.by_supplier] : lead.by_supplier;
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} xl={12}>
        <Card title={t.po.openOrders} style={{ height: '100%' }} data-testid="open-orders">
          {open.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.po.noOpenOrders} /> : (
            <List dataSource={open} renderItem={(o) => {
              const n = daysUntil(o.line?.expected_date, today);
              return (
                <List.Item>
                  <Space size={8} wrap>
                    <Link to={`/purchase-orders/${o.id}`}><b className="num">#{o.id}</b></Link>
                    <PoStatusTag status={o.status} />
                    <span>{o.supplier.name}</span>
                  </Space>
                  <Space size={8}>
                    <span className="muted">{t.po.expectedIn} {o.line?.expected_date ? day(o.line.expected_date) : '-'}</span>
                    {n !== null && <Tag color={n < 0 ? 'red' : 'default'}>{t.po.dLeft(n)}</Tag>}
                    <b className="num">{num(o.line?.remaining_qty ?? 0)}개</b>
                  </Space>
                </List.Item>
              );
            }} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t.po.leadTimes} style={{ height: '100%' }} data-testid="lead-times">
          <div style={{ marginBottom: 8 }}>
            {t.po.currentLead}: <b className="num">{product.lead_time_days != null ? `${num(product.lead_time_days)}일` : t.po.leadNone}</b>
            {product.lead_time_source === 'supplier' && <span className="muted"> ({t.po.fromSupplier})</span>}
          </div>
          {lead && lead.all.count === 0 ? <Typography.Text type="secondary">{t.po.noReceipts}</Typography.Text> : groups.map((g, i) => (
            <div key={g.supplier_id ?? 'all'} style={{ display: 'flex', gap: 8, alignItems: 'center', justifyContent: 'space-between', padding: '6px 0', borderTop: i ? '1px solid #f1f5f9' : undefined }}
              data-testid="lead-group">
              <div style={{ minWidth: 0 }}>
                <div style={{ fontWeight: 600 }}>{g.supplier}
                  {lead?.suggested && ((g.supplier_id ?? 0) === (lead.suggested.supplier_id ?? 0)) && lead.suggested.basis === (g.supplier_id ? 'supplier' : 'all') &&
                    <Tag color="blue" style={{ marginInlineStart: 6 }}>{t.po.suggested}</Tag>}
                </div>
                <StatsLine g={g} />
              </div>
              {g.stats && applyButton(g.stats.median)}
            </div>
          ))}
        </Card>
      </Col>
    </Row>
  );
}
