// The product page's 수요 예측 card (GET /api/products/{sku}/forecast-view): sales and the
// forecast on one chart with its p10–p90 band, holidays and events; projected stock against
// safety stock with the order-by and stock-out days and the open orders' arrivals; the
// chosen method and its backtest in a seller's words, with the methods it was compared
// with; and the 예측 수정 editor with its history. Without a forecast it says why and still
// shows the sales and the stock plan.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, List, Row, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { api, type Product } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { useShowError } from '../util';
import Chart from './Chart';
import ForecastOverrides from './ForecastOverrides';
import { dailyQty, demandOption, monthDay, stockOption, type FvCandidate, type FvExplanation, type ForecastViewData } from '../forecastView';

const RANGES = [90, 180, 365];
const FEW = 8; /* candidates shown before "모두 보기" */

function Candidates({ ex }: { ex: FvExplanation }) {
  const [all, setAll] = useState(false);
  if (!ex.candidates.length) return <Typography.Text type="secondary">{t.fview.noCandidates}</Typography.Text>;
  const rows = all ? ex.candidates : ex.candidates.slice(0, FEW);
  return (
    <>
      <Table<FvCandidate> size="small" rowKey="rank" pagination={false} dataSource={rows} scroll={{ x: 380 }} data-testid="fv-candidates"
        onRow={(c) => ({ style: c.chosen ? { background: '#fff7ed' } : undefined })}
        columns={[
          { title: t.fview.rank, dataIndex: 'rank', width: 48, render: (v: number) => `${v}위` },
          { title: t.fview.method, dataIndex: 'text', render: (v: string, c) => (
            <Space size={4} wrap><span>{v}</span>{c.chosen && <Tag color="orange">{t.fview.chosen}</Tag>}
              {c.part_of_combo && <Tag>{t.fview.inCombo}</Tag>}{!c.ok && <Tag>{t.fview.failed}</Tag>}</Space>) },
          { title: t.fview.mae, dataIndex: 'mae', width: 76, align: 'right', render: (v: number | null) => dailyQty(v) },
          { title: t.fview.wape, dataIndex: 'wape', width: 60, align: 'right', render: (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`) },
          { title: t.fview.bias, dataIndex: 'bias', width: 68, align: 'right', render: (v: number | null) => (v === null ? '-' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${dailyQty(Math.abs(v))}`) },
        ]} />
      {ex.candidates.length > FEW && !all && <Button type="link" size="small" onClick={() => setAll(true)}>{t.fview.showAll(ex.candidates.length)}</Button>}
    </>
  );
}

function Explanation({ ex }: { ex: FvExplanation }) {
  return (
    <div data-testid="fv-explanation">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t.fview.model}: <span data-testid="fv-model">{ex.model_text}</span></Typography.Title>
      <Space direction="vertical" size={4} style={{ marginBottom: 12 }}>
        {ex.rank_text && <span data-testid="fv-rank">{ex.rank_text}{ex.beaten > 0 ? ` — ${t.fview.beaten(ex.beaten)}` : ''}</span>}
        <span data-testid="fv-accuracy">{ex.accuracy_text}</span>
        {ex.bias_text && <Typography.Text type="secondary">{ex.bias_text}</Typography.Text>}
      </Space>
      <div style={{ fontWeight: 600, margin: '4px 0 6px' }}>{t.fview.candidates}</div>
      <Candidates ex={ex} />
    </div>
  );
}

function Orders({ v }: { v: ForecastViewData }) {
  if (!v.purchase_orders.length) return <Typography.Text type="secondary">{t.fview.noOrders}</Typography.Text>;
  return (
    <List size="small" dataSource={v.purchase_orders} data-testid="fv-orders" renderItem={(o) => (
      <List.Item style={{ paddingInline: 0 }}>
        <Space wrap size={6}>
          <Link to={`/purchase-orders/${o.id}`}>{t.fview.poLabel(o.id)}</Link>
          <span>{o.supplier.name}</span>
          <span>{t.fview.arrives(monthDay(o.expected_date))}</span>
          <span className="num">{num(o.open_qty)}개</span>
          {o.late && <Tag color="red">{t.fview.late}</Tag>}
        </Space>
      </List.Item>
    )} />
  );
}

function StockPart({ v, product }: { v: ForecastViewData; product: Product }) {
  const option = useMemo(() => stockOption(v), [v]);
  if (product.kind === 'set') return <Typography.Text type="secondary">{t.fview.setStock}</Typography.Text>;
  if (!v.stock) return <Typography.Text type="secondary">{t.fview.noStock}</Typography.Text>;
  const r = v.stock.planning;
  return (
    <>
      <Space wrap size={6} style={{ marginBottom: 6 }}>
        <Tag>{`현재 ${num(r.on_hand)}개`}</Tag>
        {r.safety_stock != null && <Tag color="gold">{`${t.fview.safety} ${num(r.safety_stock)}개`}</Tag>}
        {r.reorder_date && <Tag color={r.reorder_needed ? 'orange' : 'default'} data-testid="fv-order-by">{`${t.fview.orderBy} ${monthDay(r.reorder_date)}`}</Tag>}
        {r.depletion_date && <Tag color="red" data-testid="fv-depletion">{`${t.fview.depletion} ${monthDay(r.depletion_date)}`}</Tag>}
      </Space>
      {option && <div data-testid="fv-stock-chart"><Chart option={option} height={240} /></div>}
    </>
  );
}

export default function ForecastView({ product, tick = 0 }: { product: Product; tick?: number }) {
  const showError = useShowError();
  const [days, setDays] = useState(180);
  const [v, setV] = useState<ForecastViewData | null>(null);
  const [failed, setFailed] = useState(false);
  const [changed, setChanged] = useState(0); /* a correction was saved or reverted */

  useEffect(() => {
    let live = true;
    api.get<ForecastViewData>(`/api/products/${encodeURIComponent(product.sku)}/forecast-view?days=${days}`)
      .then((r) => { if (live) { setV(r); setFailed(false); } })
      .catch((e) => { if (live) { setFailed(true); showError(e); } });
    return () => { live = false; };
  }, [product.sku, days, tick, changed, showError]);

  const demand = useMemo(() => (v ? demandOption(v) : null), [v]);

  return (
    <>
    <Card title={t.fview.title} style={{ marginTop: 12 }} data-testid="forecast-view"
      extra={<Segmented size="small" value={days} onChange={(x) => setDays(Number(x))} options={RANGES.map((n) => ({ label: t.fview.range(n), value: n }))} />}>
      {!v ? (failed ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : <Skeleton active paragraph={{ rows: 6 }} />) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <div style={{ fontWeight: 600, marginBottom: 4 }}>{t.fview.demandChart}
              {v.forecast && <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 8, fontSize: 12 }}>{t.fview.runOf(v.forecast.run_id, monthDay(v.date))}</Typography.Text>}</div>
            {v.forecast_missing && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={v.forecast_missing.message} description={t.fview.noForecast} data-testid="fv-missing" />}
            {demand && <div data-testid="fv-demand-chart"><Chart option={demand} height={300} /></div>}
            <div style={{ fontWeight: 600, margin: '12px 0 4px' }}>{t.fview.stockChart}</div>
            <StockPart v={v} product={product} />
            <div style={{ fontWeight: 600, margin: '12px 0 4px' }}>{t.fview.orders}</div>
            <Orders v={v} />
          </Col>
          <Col xs={24} xl={9}>
            {v.explanation ? <Explanation ex={v.explanation} /> : <Typography.Text type="secondary">{v.forecast_missing?.message}</Typography.Text>}
          </Col>
        </Row>
      )}
    </Card>
    {product.kind === 'single' && product.active && <ForecastOverrides product={product} onChanged={() => setChanged((x) => x + 1)} />}
    </>
  );
}
