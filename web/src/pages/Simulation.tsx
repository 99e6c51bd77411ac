// 정책 시뮬레이션 (/simulation, managers): a manager picks products (all or some), a period
// and ordering policies, starts a replay of the shop's own past on the server (POST
// /api/simulations), follows its progress, and compares the policies side by side: a table
// with the best of each column marked, a sentence against 최소·최대 (what simple apps do),
// stock over time per policy with the stock-out days marked, and the figures per product.
// The simulation's id stays in the address, so a reload shows the same result.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Empty, Form, InputNumber, Progress, Radio, Row, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlayCircleOutlined, QuestionCircleOutlined, StarFilled } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, api, type List, type Product } from '../api';
import { t } from '../i18n';
import { kstDayOffset, num, pcs, won } from '../format';
import { PageHead, useDebounced, useShowError } from '../util';
import Chart from '../components/Chart';
import { COLUMNS, POLICIES, POLICY_COLOR, bestOf, chartHeight, chartOption, totalCost, verdict, type Policy, type SimItem, type SimMetrics, type Simulation as Sim } from '../simulation';

const w = t.sim;
const POLL_MS = 700;

function PolicyName({ p }: { p: Policy }) {
  return <Tooltip title={w.policyHelp[p]}><Tag color={POLICY_COLOR[p]} style={{ marginInlineEnd: 0 }}>{w.policy[p]}</Tag></Tooltip>;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** How a column's figure reads. */
function show(key: string, m: SimMetrics): string {
  switch (key) {
    case 'fill_rate': return pct(m.fill_rate);
    case 'stockout_days': return `${num(m.stockout_days)}일`;
    case 'avg_stock_value': return won(m.avg_stock_value);
    case 'orders': return `${num(m.orders)}회`;
    case 'expired_units': return pcs(m.expired_units);
    default: return won(totalCost(m));
  }
}

function Head({ k }: { k: string }) {
  return w.colHelp[k]
    ? <Tooltip title={w.colHelp[k]}><span>{w.col[k]} <QuestionCircleOutlined className="muted" /></span></Tooltip>
    : <span>{w.col[k]}</span>;
}

function Compare({ totals }: { totals: SimMetrics[] }) {
  const best = useMemo(() => Object.fromEntries(COLUMNS.map((c) => [c.key, bestOf(totals, c)])), [totals]);
  const columns: ColumnsType<SimMetrics> = [
    { title: w.col.policy, key: 'policy', fixed: 'left', render: (_: unknown, m) => <PolicyName p={m.policy} /> },
    ...COLUMNS.map((c) => ({
      title: <Head k={c.key} />, key: c.key, align: 'right' as const,
      render: (_: unknown, m: SimMetrics) => {
        const isBest = best[c.key].has(m.policy);
        return (
          <span className={`num${isBest ? ' sim-best' : ''}`} data-testid={`sim-${c.key}-${m.policy}`} data-best={isBest ? '1' : undefined}>
            {isBest && <StarFilled style={{ color: '#16a34a', marginInlineEnd: 4 }} aria-label={w.best} />}{show(c.key, m)}
          </span>);
      },
    })),
  ];
  return <Table rowKey="policy" size="small" pagination={false} columns={columns} dataSource={totals} scroll={{ x: 'max-content' }} data-testid="sim-compare" />;
}

const MEASURES = ['fill_rate', 'stockout_days', 'avg_stock_value', 'orders'] as const;

function PerProduct({ items, policies, onPick, picked }: { items: SimItem[]; policies: Policy[]; onPick: (sku: string) => void; picked: string }) {
  const [measure, setMeasure] = useState<(typeof MEASURES)[number]>('stockout_days');
  const columns: ColumnsType<SimItem> = [
    { title: w.products, key: 'sku', fixed: 'left', width: 150, render: (_: unknown, i) => (
      <Space direction="vertical" size={0}>
        <a onClick={() => onPick(i.sku)} data-testid={`sim-item-${i.sku}`}><span className="sku">{i.sku}</span></a>
        <span style={{ fontSize: 12 }}>{i.name}</span>
        <span className="muted" style={{ fontSize: 12 }}>
          {w.lead(i.lead_time_days)}{i.lead_time_default && <Tooltip title={w.leadDefault}> *</Tooltip>} · MOQ {num(i.moq)}
        </span>
      </Space>) },
    ...policies.map((p, k) => ({
      title: w.policy[p], key: p, align: 'right' as const,
      sorter: (a: SimItem, b: SimItem) => (a.policies[k][measure] as number) - (b.policies[k][measure] as number),
      render: (_: unknown, i: SimItem) => <span className="num">{show(measure, i.policies[k])}</span>,
    })),
  ];
  return (
    <Card size="small" title={w.perProduct} data-testid="sim-products">
      <Segmented size="small" value={measure} onChange={(v) => setMeasure(v as typeof measure)} style={{ marginBottom: 8, maxWidth: '100%', overflowX: 'auto' }}
        options={MEASURES.map((m) => ({ value: m, label: w.col[m] }))} data-testid="sim-measure" />
      <Table rowKey="sku" size="small" columns={columns} dataSource={items} scroll={{ x: 'max-content' }}
        rowClassName={(i) => (i.sku === picked ? 'ant-table-row-selected' : '')} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
    </Card>
  );
}

function Result({ sim, chartSku, setChartSku }: { sim: Sim; chartSku: string; setChartSku: (s: string) => void }) {
  const r = sim.result!;
  const sentence = verdict(r.totals);
  const option = useMemo(() => chartOption(r.chart), [r.chart]);
  return (
    <Row gutter={[12, 12]}>
      {sentence && (
        <Col xs={24}>
          <Alert type="info" showIcon message={<span data-testid="sim-verdict">{sentence}</span>} description={w.verdictVs} />
        </Col>)}
      <Col xs={24}>
        <Card size="small" title={w.compare}>
          <div className="muted" style={{ marginBottom: 8 }}>{w.meta(sim.products, sim.from, sim.to, sim.review_days)}</div>
          <Compare totals={r.totals} />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>{w.openingNote}</Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={w.chart} data-testid="sim-chart"
          extra={<Select size="small" value={chartSku} style={{ width: 200 }} onChange={setChartSku} data-testid="sim-chart-sku" showSearch optionFilterProp="label"
            options={[{ value: '', label: w.chartAll }, ...r.items.map((i) => ({ value: i.sku, label: `${i.sku} ${i.name}` }))]} />}>
          <Chart option={option} height={chartHeight(r.chart.series.length)} />
          <div className="muted" style={{ fontSize: 12 }}>{w.chartHint}</div>
        </Card>
      </Col>
      <Col xs={24}>
        <PerProduct items={r.items} policies={sim.policies} picked={chartSku} onPick={(s) => { setChartSku(s); document.querySelector('[data-testid=sim-chart]')?.scrollIntoView({ block: 'start' }); }} />
      </Col>
    </Row>
  );
}

/** The single products matching what the manager types, for the multi-select. */
function useProductOptions(search: string) {
  const [opts, setOpts] = useState<{ value: string; label: string }[]>([]);
  const q = useDebounced(search);
  useEffect(() => {
    api.get<List<Product>>('/api/products', { q, limit: 30, kind: 'single', status: 'active' })
      .then((l) => setOpts(l.items.map((p) => ({ value: p.sku, label: `${p.sku} ${p.name}` })))).catch(() => setOpts([]));
  }, [q]);
  return opts;
}

interface Choice { mode: 'all' | 'pick'; skus: string[]; period: [Dayjs, Dayjs]; policies: Policy[]; review: number; target: number }

function StartForm({ busy, onStart }: { busy: boolean; onStart: (c: Choice) => void }) {
  const yesterday = kstDayOffset(-1);
  const [c, setC] = useState<Choice>({
    mode: 'all', skus: [], period: [dayjs(yesterday).subtract(6, 'month').add(1, 'day'), dayjs(yesterday)],
    policies: [...POLICIES], review: 7, target: 95,
  });
  const [search, setSearch] = useState('');
  const options = useProductOptions(search);
  const set = (p: Partial<Choice>) => setC((o) => ({ ...o, ...p }));
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="sim-form">
      <Form layout="vertical" onFinish={() => onStart(c)}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item label={w.products}>
              <Radio.Group value={c.mode} onChange={(e) => set({ mode: e.target.value })} data-testid="sim-mode"
                options={[{ value: 'all', label: w.allProducts }, { value: 'pick', label: w.pickProducts }]} />
              {c.mode === 'pick' && (
                <Select mode="multiple" value={c.skus} onChange={(v) => set({ skus: v })} filterOption={false} onSearch={setSearch}
                  options={options} placeholder={w.pickPlaceholder} style={{ width: '100%', marginTop: 8 }} data-testid="sim-skus" />)}
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={w.period}>
              <DatePicker.RangePicker value={c.period} allowClear={false} format="YYYY-MM-DD" style={{ width: '100%' }} data-testid="sim-period"
                disabledDate={(d) => d.format('YYYY-MM-DD') > yesterday}
                onChange={(v) => { if (v?.[0] && v[1]) set({ period: [v[0], v[1]] }); }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={w.policies}>
              <Checkbox.Group value={c.policies} onChange={(v) => set({ policies: v as Policy[] })} data-testid="sim-policies"
                options={POLICIES.map((p) => ({ value: p, label: <Tooltip title={w.policyHelp[p]}>{w.policy[p]}</Tooltip> }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={w.review}>
              <InputNumber min={1} max={90} value={c.review} onChange={(v) => set({ review: v ?? 7 })} addonAfter={w.reviewUnit} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={<Tooltip title={w.policyHelp.jaego}>{w.target}</Tooltip>}>
              <InputNumber min={50} max={99.9} step={0.5} value={c.target} onChange={(v) => set({ target: v ?? 95 })} addonAfter="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} style={{ display: 'flex', alignItems: 'flex-end' }}>
            <Form.Item style={{ width: '100%' }}>
              <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={busy} block data-testid="sim-start"
                disabled={!c.policies.length || (c.mode === 'pick' && !c.skus.length)}>{w.start}</Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}

export default function Simulation() {
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const id = params.get('id') || '';
  const [sim, setSim] = useState<Sim | null>(null);
  const [gone, setGone] = useState(false);
  const [starting, setStarting] = useState(false);
  const [chartSku, setChartSku] = useState('');

  // Follows the simulation until it ends; then fetches again when the chart's product changes.
  useEffect(() => {
    if (!id) { setSim(null); return undefined; }
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      api.get<Sim>(`/api/simulations/${id}`, chartSku ? { sku: chartSku } : undefined).then((s) => {
        if (stop) return;
        setSim(s);
        setGone(false);
        if (s.status === 'queued' || s.status === 'running') timer = setTimeout(poll, POLL_MS);
      }).catch((e) => {
        if (stop) return;
        if (e instanceof ApiError && e.status === 404) { setGone(true); setSim(null); } else showError(e);
      });
    };
    poll();
    return () => { stop = true; if (timer) clearTimeout(timer); };
  }, [id, chartSku, showError]);

  const start = (c: Choice) => {
    setStarting(true);
    api.post<Sim>('/api/simulations', {
      skus: c.mode === 'all' ? 'all' : c.skus, from: c.period[0].format('YYYY-MM-DD'), to: c.period[1].format('YYYY-MM-DD'),
      policies: c.policies, review_days: c.review, target_fill: Math.round(c.target * 10) / 1000,
    }).then((s) => { setChartSku(''); setSim(s); setParams({ id: String(s.id) }, { replace: false }); })
      .catch(showError).finally(() => setStarting(false));
  };

  const running = sim && (sim.status === 'queued' || sim.status === 'running');
  const percent = sim && sim.progress.total ? Math.floor((sim.progress.done / sim.progress.total) * 100) : 0;
  return (
    <>
      <PageHead title={w.title} sub={w.sub} />
      <StartForm busy={starting || !!running} onStart={start} />
      {gone && <Alert type="warning" showIcon message={w.gone} style={{ marginBottom: 12 }} />}
      {running && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="sim-progress">
          <Space direction="vertical" style={{ width: '100%' }}>
            <span>{w.stage[sim.progress.stage] || sim.progress.stage} · <span className="num">{w.progress(sim.progress.done, sim.progress.total)}</span></span>
            <Progress percent={percent} status="active" />
          </Space>
        </Card>)}
      {sim?.status === 'failed' && <Alert type="error" showIcon message={w.failed} description={sim.error} data-testid="sim-failed" />}
      {sim?.status === 'done' && sim.result && <Result sim={sim} chartSku={chartSku} setChartSku={setChartSku} />}
      {!id && !gone && <Card><Empty description={w.empty} /></Card>}
    </>
  );
}
