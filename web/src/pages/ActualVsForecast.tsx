// 실제 vs 예측 (/reports/actual-vs-forecast): over a chosen period (up to yesterday), what
// sold against what was forecast — in total or for one product or category — as a chart
// with the p10–p90 band and a table per day or per product, the deviations highlighted.
// Each day's forecast is the one the seller was acting on that day (the latest run whose
// history ended before it) unless one run is picked. The filters live in the address, so
// a link opens the same view; the table downloads as .xlsx with the same numbers.
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsCoreOption } from 'echarts/core';
import { api, type List, type Product } from '../api';
import { t } from '../i18n';
import { dayWithWeekday, kstDayOffset } from '../format';
import { PageHead, useCategories, useDebounced, useShowError } from '../util';
import { qty, signedPct, type AccuracyTrend, type ActualVsForecast as Avf, type AvfDay, type AvfProduct, type Deviation } from '../accuracy';
import Chart from '../components/Chart';

const w = t.accuracy;

function DeviationTag({ d }: { d: Deviation }) {
  if (!d) return null;
  return <Tag color={d === 'over' ? 'red' : 'blue'} data-testid="deviation-tag">{d === 'over' ? w.over : w.under}</Tag>;
}

function AvfChart({ days }: { days: AvfDay[] }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const dates = days.map((d) => d.date.slice(5));
    const lo = days.map((d) => d.p10);
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 56 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => qty(v) },
      legend: { top: 0, type: 'scroll', data: [w.actual, w.forecast, w.band, w.deviation] },
      dataZoom: days.length > 60 ? [{ type: 'slider', height: 18, bottom: 8 }] : [],
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        // the band: p10 invisible, then p90 − p10 stacked on it and filled
        { type: 'line', name: 'p10', data: lo, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, tooltip: { show: false } },
        { type: 'line', name: w.band, data: days.map((d) => (d.p90 != null && d.p10 != null ? d.p90 - d.p10 : null)), stack: 'band',
          symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(37,99,235,0.15)' }, itemStyle: { color: 'rgba(37,99,235,0.3)' },
          tooltip: { show: false } },
        { type: 'line', name: w.forecast, data: days.map((d) => d.forecast), symbol: 'none', itemStyle: { color: '#2563eb' }, lineStyle: { type: 'dashed' } },
        { type: 'line', name: w.actual, data: days.map((d) => d.actual), symbol: 'circle', symbolSize: 4, itemStyle: { color: '#0f172a' } },
        { type: 'line', name: w.deviation, data: days.map((d) => (d.deviation ? d.actual : null)), symbolSize: 10,
          lineStyle: { opacity: 0 }, itemStyle: { color: '#dc2626' }, tooltip: { show: false } },
      ],
    };
  }, [days]);
  return <Chart option={option} height={300} />;
}

const dayColumns: ColumnsType<AvfDay> = [
  // the year is in the period above: "12-01 (화)" keeps a phone's row on one line
  { title: w.date, dataIndex: 'date', render: (v: string) => <span className="num" style={{ whiteSpace: 'nowrap' }}>{dayWithWeekday(v).slice(5)}</span> },
  { title: w.actual, dataIndex: 'actual', align: 'right', render: (v: number) => <span className="num">{qty(v)}</span> },
  { title: w.forecast, dataIndex: 'forecast', align: 'right', render: (v: number | null) => <span className="num">{v == null ? w.noForecast : qty(v)}</span> },
  { title: w.band, key: 'band', align: 'right', responsive: ['md'], render: (_: unknown, d) => <span className="num muted">{d.p10 == null ? '-' : `${qty(d.p10)} ~ ${qty(d.p90)}`}</span> },
  { title: w.diffPct, dataIndex: 'diff_pct', align: 'right', render: (v: number | null) => <span className="num">{signedPct(v)}</span> },
  { title: w.deviation, dataIndex: 'deviation', render: (v: Deviation) => <DeviationTag d={v} /> },
  { title: w.runs, dataIndex: 'run_id', responsive: ['lg'], render: (v: number | null) => <span className="muted">{v ? `#${v}` : '-'}</span> },
];

const productColumns: ColumnsType<AvfProduct> = [
  { title: w.product, key: 'product', width: 160, render: (_: unknown, p) => (
    <Link to={`/products/${encodeURIComponent(p.sku)}`}><span className="sku">{p.sku}</span><br />{p.name}</Link>) },
  { title: w.actual, dataIndex: 'actual', align: 'right', render: (v: number) => <span className="num">{qty(v)}</span> },
  { title: w.forecast, dataIndex: 'forecast', align: 'right', render: (v: number) => <span className="num">{qty(v)}</span> },
  { title: w.effective, dataIndex: 'effective', align: 'right', responsive: ['md'], render: (v: number) => <span className="num">{qty(v)}</span> },
  { title: w.diffPct, dataIndex: 'diff_pct', align: 'right', render: (v: number | null) => <span className="num">{signedPct(v)}</span> },
  { title: w.deviation, dataIndex: 'deviation', render: (v: Deviation) => <DeviationTag d={v} /> },
];

/** The single products matching what the seller types, for the product filter. */
function useProductOptions(search: string, sku: string) {
  const [opts, setOpts] = useState<{ value: string; label: string }[]>([]);
  const q = useDebounced(search);
  useEffect(() => {
    api.get<List<Product>>('/api/products', { q: q || sku, limit: 20, kind: 'single' })
      .then((l) => setOpts(l.items.map((p) => ({ value: p.sku, label: `${p.sku} ${p.name}` })))).catch(() => setOpts([]));
  }, [q, sku]);
  return opts;
}

export default function ActualVsForecast() {
  const showError = useShowError();
  const [params, setParams] = useSearchParams();
  const yesterday = kstDayOffset(-1);
  const to = params.get('to') || yesterday;
  const from = params.get('from') || dayjs(to).subtract(27, 'day').format('YYYY-MM-DD');
  const sku = params.get('sku') || '';
  const category = params.get('category') || '';
  const run = params.get('run') || '';
  const [view, setView] = useState<'day' | 'product'>('day');
  const [search, setSearch] = useState('');
  const [data, setData] = useState<Avf | null>(null);
  const [runs, setRuns] = useState<number[]>([]);
  const categories = useCategories();
  const products = useProductOptions(search, sku);
  const query = useMemo(() => ({ from, to, sku, category, run }), [from, to, sku, category, run]);

  useEffect(() => {
    setData(null);
    api.get<Avf>('/api/reports/actual-vs-forecast', query).then(setData).catch(showError);
  }, [query, showError]);
  useEffect(() => {
    api.get<AccuracyTrend>('/api/reports/accuracy').then((tr) => setRuns(tr.runs.map((r) => r.run_id).reverse())).catch(() => setRuns([]));
  }, []);

  const set = (k: string, v: string | null | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const setPeriod = (v: [Dayjs | null, Dayjs | null] | null) => {
    const next = new URLSearchParams(params);
    if (v?.[0] && v[1]) { next.set('from', v[0].format('YYYY-MM-DD')); next.set('to', v[1].format('YYYY-MM-DD')); }
    setParams(next, { replace: true });
  };
  const download = () => api.download('/api/reports/actual-vs-forecast', { ...query, format: 'xlsx' }, 'actual-vs-forecast.xlsx').catch(showError);
  const devDays = data ? data.days.filter((d) => d.deviation).length : 0;

  return (
    <>
      <PageHead title={w.avfTitle} sub={w.avfSub}
        extra={<Button icon={<DownloadOutlined />} onClick={download} data-testid="avf-xlsx">{w.export}</Button>} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <DatePicker.RangePicker value={[dayjs(from), dayjs(to)]} allowClear={false} format="YYYY-MM-DD" data-testid="avf-period"
            disabledDate={(d) => d.format('YYYY-MM-DD') > yesterday} onChange={(v) => setPeriod(v as [Dayjs | null, Dayjs | null] | null)} />
          <Select showSearch allowClear value={sku || undefined} placeholder={w.allProducts} style={{ width: 220 }}
            filterOption={false} onSearch={setSearch} options={products} onChange={(v) => set('sku', v)} data-testid="avf-sku" />
          <Select allowClear value={category || undefined} placeholder={w.allCategories} style={{ width: 150 }}
            options={categories.map((c) => ({ value: c, label: c }))} onChange={(v) => set('category', v)} data-testid="avf-category" />
          <Select value={run || ''} style={{ width: 160 }} onChange={(v) => set('run', v)} data-testid="avf-run"
            options={[{ value: '', label: w.runAuto }, ...runs.map((id) => ({ value: String(id), label: w.run(id) }))]} />
        </Space>
      </Card>
      {!data ? <Card><Skeleton active /></Card> : (
        <Row gutter={[12, 12]}>
          <Col xs={24}>
            <Card size="small" data-testid="avf-chart-card"
              title={<Space wrap>{w.totals}<span className="muted num">{dayWithWeekday(data.from)} ~ {dayWithWeekday(data.to)}</span></Space>}>
              <Space size={24} wrap style={{ marginBottom: 8 }}>
                <Statistic title={w.actual} value={qty(data.totals.actual)} data-testid="avf-total-actual" />
                <Statistic title={w.forecast} value={qty(data.totals.forecast)} data-testid="avf-total-forecast" />
                <Statistic title={w.diffPct} value={signedPct(data.totals.diff_pct)} />
                <Statistic title={<Tooltip title={w.deviationHint}>{w.deviation} <InfoCircleOutlined /></Tooltip>} value={w.deviationDays(devDays)} />
              </Space>
              {data.days.some((d) => d.actual || d.forecast) ? <AvfChart days={data.days} /> : <Empty description={w.avfEmpty} />}
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" styles={{ body: { padding: 0 } }}
              title={<Segmented value={view} onChange={(v) => setView(v as 'day' | 'product')} data-testid="avf-view"
                options={[{ value: 'day', label: w.byDay }, { value: 'product', label: w.byProduct }]} />}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 12px' }}>{w.deviationHint}</Typography.Paragraph>
              {view === 'day'
                ? <Table<AvfDay> rowKey="date" size="small" dataSource={[...data.days].reverse()} columns={dayColumns} data-testid="avf-days" scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 31, showSizeChanger: false }} rowClassName={(d) => (d.deviation ? 'row-error' : '')} />
                : <Table<AvfProduct> rowKey="sku" size="small" dataSource={data.products} columns={productColumns} data-testid="avf-products" scroll={{ x: 'max-content' }}
                  pagination={{ pageSize: 20, showSizeChanger: false }} rowClassName={(p) => (p.deviation ? 'row-error' : '')} />}
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
