// One product: stock figures, the stock-over-time chart, its set components and channel
// codes, and its movement history (who, when, source) with manual 입고/출고/재고 실사.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Popconfirm, Result, Row, Skeleton, Space, Statistic, Tag } from 'antd';
import { DeleteOutlined, EditOutlined, ExperimentOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError, type List, type Movement, type Product } from '../api';
import { t } from '../i18n';
import { num, won } from '../format';
import { useAuth } from '../auth';
import { COST_ROLE } from '../access';
import PlanningCard from '../components/PlanningCard';
import { ruleLabel } from '../components/ProductPlanningFields';
import { useShowError, usePaged } from '../util';
import Chart from '../components/Chart';
import MovementTable from '../components/MovementTable';
import MovementForm, { type MoveKind } from '../components/MovementForm';
import ProductForm from '../components/ProductForm';
import ProductPurchasing from '../components/ProductPurchasing';
import ProductSalesHistory from '../components/ProductSalesHistory';
import { StockBadge } from './Products';

// The forecast view (two charts, the explanation, the correction editor) loads on its own.
const ForecastView = lazy(() => import('../components/ForecastView'));

const CHANNEL_LABEL: Record<string, string> = { playauto: '플레이오토', coupang: '쿠팡', smartstore: '스마트스토어', ownmall: '자사몰' };

export default function ProductDetail() {
  const { sku = '' } = useParams();
  const nav = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [p, setP] = useState<Product | null>(null);
  const [err, setErr] = useState<ApiError | null>(null);
  const [history, setHistory] = useState<{ date: string; on_hand: number }[]>([]);
  const [move, setMove] = useState<MoveKind | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const path = `/api/products/${encodeURIComponent(sku)}`;
  const moves = usePaged<Movement>(`${path}/movements`, { tick }, 20);

  const load = useCallback(() => {
    api.get<Product>(path).then((r) => { setP(r); setErr(null); }).catch((e) => { setErr(e instanceof ApiError ? e : null); showError(e); });
    api.get<List<{ date: string; on_hand: number }> | { items: { date: string; on_hand: number }[] }>(`${path}/stock-history`)
      .then((r) => setHistory(r.items || [])).catch(() => setHistory([]));
  }, [path, showError]);

  useEffect(() => { load(); }, [load, tick]);

  const option = useMemo(() => ({
    grid: { left: 48, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${num(v)}개` },
    xAxis: { type: 'category', data: history.map((h) => h.date), boundaryGap: false, axisLabel: { formatter: (v: string) => v.slice(5) } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => num(v) } },
    dataZoom: history.length > 60 ? [{ type: 'inside', start: Math.max(0, 100 - (9000 / history.length)) }, { type: 'slider', height: 18, bottom: 8 }] : [],
    series: [{
      name: t.product.onHand, type: 'line', step: 'end', showSymbol: false, data: history.map((h) => h.on_hand),
      lineStyle: { width: 2, color: '#1d4ed8' }, areaStyle: { color: 'rgba(29,78,216,.08)' },
      markLine: p?.safety_stock ? { symbol: 'none', label: { formatter: `${t.product.safetyStock} ${num(p.safety_stock)}`, position: 'insideEndTop' },
        lineStyle: { color: '#f59e0b', type: 'dashed' }, data: [{ yAxis: p.safety_stock }] } : undefined,
    }],
  }), [history, p?.safety_stock]);

  if (err && err.status === 404) return <Result status="404" title={sku} subTitle={err.message} extra={<Link to="/products">{t.common.back}</Link>} />;
  if (!p) return <Skeleton active paragraph={{ rows: 8 }} />;

  const remove = async () => {
    try {
      const r = await api.del<{ deactivated?: boolean } | undefined>(path);
      void message.success(r && r.deactivated ? t.product.deactivated : t.product.deleted);
      nav('/products');
    } catch (e) { showError(e); }
  };

  const refresh = () => setTick((x) => x + 1);

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/products">{t.nav.products}</Link> }, { title: p.sku }]} />
      <div className="page-head">
        <div>
          <h1 data-testid="product-title">{p.name}</h1>
          <Space size={6} wrap style={{ marginTop: 6 }}>
            <span className="sku">{p.sku}</span>
            <Tag color={p.kind === 'set' ? 'purple' : 'default'}>{p.kind === 'set' ? t.product.set : t.product.single}</Tag>
            {p.category && <Tag>{p.category}</Tag>}
            {!p.active && <Tag color="default">{t.product.statusInactive}</Tag>}
            <StockBadge p={p} />
          </Space>
        </div>
        <span className="spacer" />
        <Space wrap>
          {can('staff') && p.active && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setMove('inbound')} data-testid="btn-inbound">{t.movement.inbound}</Button>
              <Button icon={<MinusOutlined />} onClick={() => setMove('outbound')} data-testid="btn-outbound">{t.movement.outbound}</Button>
              <Button icon={<ExperimentOutlined />} onClick={() => setMove('adjust')}>{t.movement.stocktake}</Button>
            </>
          )}
          {can('manager') && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)}>{t.common.edit}</Button>
              <Popconfirm title={t.product.deleteConfirm} okText={t.common.delete} okButtonProps={{ danger: true }} cancelText={t.common.cancel} onConfirm={remove}>
                <Button danger icon={<DeleteOutlined />} aria-label={t.common.delete} />
              </Popconfirm>
            </>
          )}
        </Space>
      </div>

      <Row gutter={[12, 12]} className="stat-cards">
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.product.onHand} value={p.on_hand} formatter={(v) => num(Number(v))} suffix="개" valueStyle={{ color: p.on_hand <= 0 ? '#cf1322' : undefined }} data-testid="stat-onhand" /></Card></Col>
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.product.available} value={p.available ?? p.on_hand} formatter={(v) => num(Number(v))} suffix="개" /></Card></Col>
        <Col xs={12} md={6}><Card style={{ height: '100%' }}>{p.safety_stock_rule && p.safety_stock_rule !== 'manual'
          ? <Statistic title={t.product.safetyStock} value={t.plan.computedBelow} valueStyle={{ fontSize: 16 }} formatter={(v) => String(v)} />
          : <Statistic title={t.product.safetyStock} value={p.safety_stock ?? '-'} formatter={(v) => (typeof v === 'number' ? num(v) : String(v))} suffix={p.safety_stock != null ? '개' : ''} />}</Card></Col>
        <Col xs={12} md={6}><Card style={{ height: '100%' }}><Statistic title={t.product.leadTime} value={p.lead_time_days ?? '-'} suffix={p.lead_time_days != null ? '일' : ''}
          formatter={(v) => String(v)} />{p.lead_time_source === 'supplier' && <div className="muted" style={{ fontSize: 12 }}>{t.product.leadTimeFromSupplier}</div>}</Card></Col>
      </Row>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={15}>
          <Card title={t.product.stockChart} styles={{ body: { padding: 12 } }}>
            {history.length ? <Chart option={option} height={300} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.product.noHistory} style={{ height: 276, display: 'grid', placeContent: 'center' }} />}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t.product.basic}>
            <Descriptions column={1} size="small" colon={false} labelStyle={{ width: 130, color: '#64748b' }}>
              <Descriptions.Item label={t.product.manufacturer}>{p.manufacturer || '-'}</Descriptions.Item>
              <Descriptions.Item label={t.product.supplier}>{p.supplier || '-'}</Descriptions.Item>
              <Descriptions.Item label={t.product.moq}>{p.moq != null ? `${num(p.moq)}개` : '-'}</Descriptions.Item>
              {can(COST_ROLE) && <Descriptions.Item label={t.product.unitCost}>{won(p.unit_cost)}</Descriptions.Item>}
              <Descriptions.Item label={t.plan.rule}>{ruleLabel(p.safety_stock_rule)}</Descriptions.Item>
              <Descriptions.Item label={t.product.playautoSku}>{p.playauto_sku || '-'}</Descriptions.Item>
              <Descriptions.Item label={t.product.barcode}>{p.barcode || '-'}</Descriptions.Item>
              <Descriptions.Item label={t.product.hasExpiry}>{p.has_expiry ? t.common.yes : t.common.no}</Descriptions.Item>
              {p.channel_codes && p.channel_codes.length > 0 && (
                <Descriptions.Item label={t.product.channelCodes}>
                  <Space size={4} wrap>{p.channel_codes.map((c) => <Tag key={c.channel + c.code}>{CHANNEL_LABEL[c.channel] || c.channel} {c.code}</Tag>)}</Space>
                </Descriptions.Item>
              )}
              {p.memo && <Descriptions.Item label={t.common.memo}>{p.memo}</Descriptions.Item>}
            </Descriptions>
            {p.in_sets && p.in_sets.length > 0 && (
              <>
                <div style={{ fontWeight: 600, margin: '12px 0 6px' }}>{t.product.inSets}</div>
                {/* The server sends SKU strings; richer {sku,name,qty} objects are shown too. */}
                <Space size={4} wrap data-testid="in-sets">
                  {p.in_sets.map((v) => (typeof v === 'string' ? { sku: v, name: '', qty: 0 } : v)).map((x) => (
                    <Link key={x.sku} to={`/products/${encodeURIComponent(x.sku)}`} data-testid="in-set-link">
                      <Tag color="purple" style={{ cursor: 'pointer' }}><span className="sku">{x.sku}</span>{x.name ? ` ${x.name}` : ''}{x.qty ? ` ×${num(x.qty)}` : ''}</Tag>
                    </Link>))}
                </Space>
              </>
            )}
            {p.kind === 'set' && (
              <>
                <div style={{ fontWeight: 600, margin: '12px 0 6px' }}>{t.product.components}</div>
                {(p.components || []).map((c) => (
                  <div key={c.sku} style={{ display: 'flex', justifyContent: 'space-between', padding: '4px 0', borderBottom: '1px solid #f1f5f9' }}>
                    <Link to={`/products/${encodeURIComponent(c.sku)}`}><span className="sku">{c.sku}</span> {c.name}</Link>
                    <span className="num">× {num(c.qty)}</span>
                  </div>
                ))}
                <div className="muted" style={{ fontSize: 12, marginTop: 6 }}>{t.product.setOnHandNote}</div>
              </>
            )}
          </Card>
        </Col>
      </Row>

      <PlanningCard sku={p.sku} tick={tick} />
      <Suspense fallback={<Skeleton active style={{ marginTop: 12 }} />}><ForecastView product={p} tick={tick} /></Suspense>
      {p.kind === 'single' && <ProductPurchasing product={p} onChanged={refresh} />}
      <ProductSalesHistory sku={p.sku} />

      <Card title={t.product.history} style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
        <MovementTable items={moves.items} loading={moves.loading} showSku={p.kind === 'set'} pagination={{ ...moves.pagination, style: { padding: '0 16px' } }} onChanged={refresh} />
      </Card>

      <MovementForm open={!!move} kind={move || 'inbound'} product={p} onClose={() => setMove(null)} onDone={() => { setMove(null); refresh(); }} />
      <ProductForm open={editOpen} product={p} onClose={() => setEditOpen(false)} onSaved={() => { setEditOpen(false); refresh(); }} />
    </>
  );
}
