// 예측 정확도 (/reports/accuracy): how each stored forecast run did once its days passed —
// the trend of WAPE and MASE over the runs, one run's errors per product or category (the
// model's own forecast and, when a seller corrected it, the corrected one beside it), and
// the products it missed most, each a link to its page. Every table downloads as .xlsx
// with the same numbers (GET /api/reports/accuracy[/{run_id}]?format=xlsx).
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, List, Row, Segmented, Select, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../api';
import { t } from '../i18n';
import { PageHead, useShowError } from '../util';
import { dec, pct, perDay, qty, type AccuracyItem, type AccuracyRun, type AccuracyRunReport, type AccuracyTrend } from '../accuracy';
import Chart from '../components/Chart';

const w = t.accuracy;
const SORTS = ['wape', 'mase', 'mae', 'rmse', 'bias', 'actual'] as const;

/** A metric's column title with its one-line Korean explanation. */
function Help({ k, label }: { k: string; label?: string }) {
  return (
    <Tooltip title={w.help[k]}>
      <span data-testid={`help-${k}`}>{label || k.toUpperCase()} <QuestionCircleOutlined className="muted" /></span>
    </Tooltip>
  );
}

function TrendChart({ runs }: { runs: AccuracyRun[] }) {
  const scored = runs.filter((r) => r.days_passed > 0);
  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: scored.map((r) => `#${r.run_id} ${r.first_date.slice(5)}`) },
    yAxis: [
      { type: 'value', name: 'WAPE', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      { type: 'value', name: 'MASE', splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: 'WAPE', data: scored.map((r) => r.model.wape), itemStyle: { color: '#2563eb' },
        tooltip: { valueFormatter: (v: number | null) => pct(v) } },
      { type: 'line', name: 'MASE', yAxisIndex: 1, data: scored.map((r) => r.model.mase), itemStyle: { color: '#ea580c' },
        tooltip: { valueFormatter: (v: number | null) => dec(v) } },
    ],
  }), [scored]);
  if (!scored.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w.trendEmpty} />;
  return <Chart option={option} height={240} />;
}

function runColumns(): ColumnsType<AccuracyRun> {
  return [
    { title: w.runs, key: 'run', render: (_: unknown, r) => (
      <Space direction="vertical" size={0}>
        <span>{w.run(r.run_id)} {r.as_of && <Tag>{w.backdated}</Tag>}</span>
        <span className="muted num">{w.from(r.first_date)}</span>
        <span className={r.days_passed ? 'num' : 'muted'} data-testid={`run-progress-${r.run_id}`}>{r.progress}</span>
      </Space>) },
    { title: <Help k="wape" />, key: 'wape', align: 'right', render: (_: unknown, r) => <span className="num">{pct(r.model.wape)}</span> },
    { title: <Help k="mase" />, key: 'mase', align: 'right', render: (_: unknown, r) => <span className="num">{dec(r.model.mase)}</span> },
    { title: <Help k="mae" />, key: 'mae', align: 'right', responsive: ['md'], render: (_: unknown, r) => <span className="num">{dec(r.model.mae)}</span> },
    { title: <Help k="bias" label={t.accuracy.help.bias.split(':')[0]} />, key: 'bias', align: 'right', responsive: ['md'],
      render: (_: unknown, r) => <span className="num">{r.days_passed ? perDay(r.model.bias) : '-'}</span> },
    { title: `${w.actual} / ${w.forecast}`, key: 'sum', align: 'right', responsive: ['lg'],
      render: (_: unknown, r) => <span className="num">{r.days_passed ? `${qty(r.model.actual)} / ${qty(r.model.forecast)}` : '-'}</span> },
  ];
}

function itemColumns(by: 'product' | 'category', showEffective: boolean): ColumnsType<AccuracyItem> {
  const name: ColumnsType<AccuracyItem> = by === 'product'
    ? [{ title: w.product, key: 'product', width: 150, render: (_: unknown, i) => (
      <Link to={`/products/${encodeURIComponent(i.sku || '')}`}><span className="sku">{i.sku}</span><br />{i.name}</Link>) }]
    : [{ title: w.category, key: 'category', width: 110, render: (_: unknown, i) => i.category || w.noCategory },
      { title: w.products, dataIndex: 'products', align: 'right', width: 80 }];
  const eff: ColumnsType<AccuracyItem> = showEffective ? [
    { title: <Tooltip title={w.help.wape}>{w.effective} WAPE</Tooltip>, key: 'ewape', align: 'right', render: (_: unknown, i) => <span className="num">{pct(i.effective.wape)}</span> },
    ...(by === 'product' ? [{ title: w.corrected, dataIndex: 'corrected_days', align: 'right' as const, render: (v: number) => (v ? `${v}일` : '-') }] : []),
  ] : [];
  return [
    ...name,
    { title: <Help k="wape" />, key: 'wape', align: 'right', render: (_: unknown, i) => <span className="num" data-testid={`wape-${i.sku ?? i.category}`}>{pct(i.model.wape)}</span> },
    { title: <Help k="mase" />, key: 'mase', align: 'right', render: (_: unknown, i) => <span className="num">{dec(i.model.mase)}</span> },
    { title: w.actual, key: 'actual', align: 'right', render: (_: unknown, i) => <span className="num">{qty(i.model.actual)}</span> },
    { title: w.forecast, key: 'forecast', align: 'right', render: (_: unknown, i) => <span className="num">{qty(i.model.forecast)}</span> },
    { title: <Help k="mae" />, key: 'mae', align: 'right', render: (_: unknown, i) => <span className="num">{dec(i.model.mae)}</span> },
    { title: <Help k="rmse" />, key: 'rmse', align: 'right', render: (_: unknown, i) => <span className="num">{dec(i.model.rmse)}</span> },
    { title: <Help k="bias" label={w.help.bias.split(':')[0]} />, key: 'bias', align: 'right', render: (_: unknown, i) => <span className="num">{perDay(i.model.bias)}</span> },
    ...eff,
  ];
}

function Worst({ items }: { items: AccuracyItem[] }) {
  return (
    <Card title={w.worst} size="small" data-testid="accuracy-worst">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{w.worstHint}</Typography.Paragraph>
      {!items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w.worstEmpty} /> : (
        <List size="small" dataSource={items} renderItem={(i) => (
          <List.Item extra={<span className="num">MASE {dec(i.model.mase)}</span>}>
            <List.Item.Meta
              title={<Link to={`/products/${encodeURIComponent(i.sku || '')}`} data-testid={`worst-${i.sku}`}><span className="sku">{i.sku}</span> {i.name}</Link>}
              description={<span className="num">{w.actual} {qty(i.model.actual)} · {w.forecast} {qty(i.model.forecast)} · WAPE {pct(i.model.wape)}</span>} />
          </List.Item>)} />
      )}
    </Card>
  );
}

function RunDetail({ run }: { run: AccuracyRun }) {
  const showError = useShowError();
  const [by, setBy] = useState<'product' | 'category'>('product');
  const [sort, setSort] = useState<string>('wape');
  const [rep, setRep] = useState<AccuracyRunReport | null>(null);
  useEffect(() => {
    setRep(null);
    api.get<AccuracyRunReport>(`/api/reports/accuracy/${run.run_id}?by=${by}&sort=${sort}`).then(setRep).catch(showError);
  }, [run.run_id, by, sort, showError]);
  const effective = run.corrected_products > 0;
  const download = () => api.download(`/api/reports/accuracy/${run.run_id}`, { by, sort, format: 'xlsx' }, `forecast-accuracy-run-${run.run_id}.xlsx`).catch(showError);
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} xl={16}>
        <Card size="small" data-testid="accuracy-run"
          title={<Space wrap>{w.run(run.run_id)}<span className="muted num">{w.from(run.first_date)} · {run.progress}</span></Space>}
          extra={<Button size="small" icon={<DownloadOutlined />} onClick={download} data-testid="accuracy-run-xlsx">{w.export}</Button>}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Segmented value={by} onChange={(v) => setBy(v as 'product' | 'category')} data-testid="accuracy-by"
              options={[{ value: 'product', label: w.byProduct }, { value: 'category', label: w.byCategory }]} />
            <Select value={sort} onChange={setSort} style={{ width: 140 }} aria-label={w.sort} data-testid="accuracy-sort"
              options={SORTS.map((s) => ({ value: s, label: `${w.sort}: ${s === 'actual' ? w.actual : s === 'bias' ? w.help.bias.split(':')[0] : s.toUpperCase()}` }))} />
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {effective ? w.correctedNote(run.corrected_products) : w.sameAsModel}
          </Typography.Paragraph>
          {!rep ? <Skeleton active /> : (
            <Table<AccuracyItem> rowKey={(i) => i.sku ?? i.category} size="small" dataSource={rep.items}
              columns={itemColumns(rep.by, effective)} scroll={{ x: 900 }} pagination={{ pageSize: 20, showSizeChanger: false }}
              data-testid="accuracy-items" />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>{rep ? <Worst items={rep.worst} /> : <Card size="small"><Skeleton active /></Card>}</Col>
    </Row>
  );
}

export default function ForecastAccuracy() {
  const showError = useShowError();
  const [trend, setTrend] = useState<AccuracyTrend | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  useEffect(() => { api.get<AccuracyTrend>('/api/reports/accuracy').then(setTrend).catch(showError); }, [showError]);
  const runs = useMemo(() => (trend ? [...trend.runs].reverse() : []), [trend]); // newest history first
  const current = runs.find((r) => r.run_id === picked) || runs.find((r) => r.days_passed > 0);
  const download = () => api.download('/api/reports/accuracy', { format: 'xlsx' }, 'forecast-accuracy.xlsx').catch(showError);
  return (
    <>
      <PageHead title={w.title} sub={trend ? w.sub(trend.evaluated_until) : undefined}
        extra={<Button icon={<DownloadOutlined />} onClick={download} data-testid="accuracy-xlsx">{w.export}</Button>} />
      {!trend ? <Card><Skeleton active /></Card> : (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={10}>
              <Card size="small" title={w.trend} data-testid="accuracy-trend"><TrendChart runs={trend.runs} /></Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card size="small" title={w.runs} styles={{ body: { padding: 0 } }}>
                <Table<AccuracyRun> rowKey="run_id" size="small" dataSource={runs} columns={runColumns()} pagination={false}
                  data-testid="accuracy-runs"
                  rowClassName={(r) => (r.run_id === current?.run_id ? 'ant-table-row-selected' : '')}
                  onRow={(r) => ({ onClick: () => r.days_passed > 0 && setPicked(r.run_id), style: { cursor: r.days_passed ? 'pointer' : 'default' } })} />
              </Card>
            </Col>
          </Row>
          {current ? <RunDetail run={current} />
            : <Alert style={{ marginTop: 12 }} type="info" showIcon message={w.trendEmpty} data-testid="accuracy-none" />}
        </>
      )}
    </>
  );
}
