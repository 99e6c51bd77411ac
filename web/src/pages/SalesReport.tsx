// 판매 리포트: units sold per product or category by ISO week (Monday start) or month, from
// GET /api/reports/sales — a chart of the total per period (the top rows stacked, last year's
// line to compare) and a table with the periods as columns, the total and the change
// against the previous range and the same range a year earlier. The numbers are the API's
// as they come (the change percentages too), so the .xlsx the button downloads holds the
// same. Increases are red ▲ and decreases blue ▼, as Korean sellers read charts.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, DatePicker, Empty, Grid, Input, Segmented, Select, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { EChartsCoreOption } from 'echarts/core';
import { api, type List } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { PageHead, useDebounced, useShowError } from '../util';
import Chart from '../components/Chart';

const w = t.salesReport;
const UP = '#cf1322';
const DOWN = '#0958d9';
const LEAD = 1; // the table's columns before the periods (product or category)
const STACKED = 5; // rows stacked in the chart; the rest as 기타
const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#7c3aed', '#db2777', '#94a3b8'];

type Period = 'week' | 'month';
type By = 'product' | 'category';

interface ReportPeriod { label: string; text: string; first: string; last: string; partial: boolean; days: number }
interface Figures {
  qty: number[]; prev: number[]; last_year: number[];
  total: number; prev_total: number; prev_change: number | null; last_year_total: number; last_year_change: number | null;
}
interface ReportRow extends Figures {
  sku?: string; name?: string; category: string; kind?: 'single' | 'set'; active?: boolean; products?: number;
}
interface SalesReportData {
  period: Period; by: By; from: string; to: string; today: string; partial_days: number;
  periods: ReportPeriod[]; items: ReportRow[]; sum: Figures & { products: number }; total: number;
}

/** "▲ 12.3%" in red, "▼ 4.0%" in blue, "-" when there is nothing to compare with. */
function Change({ pct, base, label }: { pct: number | null; base: number; label: string }) {
  const tip = base > 0 ? w.base(label, num(base)) : w.noBase;
  if (pct === null) return <Tooltip title={tip}><span className="muted">-</span></Tooltip>;
  const color = pct > 0 ? UP : pct < 0 ? DOWN : undefined;
  const mark = pct > 0 ? '▲ ' : pct < 0 ? '▼ ' : '';
  return (
    <Tooltip title={tip}>
      <span className="num" style={{ color, whiteSpace: 'nowrap' }}>{mark}{num(Math.abs(pct))}%</span>
    </Tooltip>
  );
}

/** A period's column head: "2025-W10" over "3월 3일–9일" (a month: "2025년 3월"). */
function PeriodHead({ p, period }: { p: ReportPeriod; period: Period }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {period === 'week' ? <>{p.label}<br /><span className="muted" style={{ fontWeight: 400 }}>{p.text}</span></> : p.text}
      {p.partial && <><br /><Tag color="orange" style={{ marginInlineEnd: 0 }}>{w.partial}</Tag></>}
    </span>
  );
}

function columns(r: SalesReportData, phone: boolean): ColumnsType<ReportRow> {
  // On a wide screen the totals and changes stay in view while the periods scroll; a phone
  // keeps only the name in place, or nothing would be left for the periods.
  const right = phone ? undefined : ('right' as const);
  const first: ColumnsType<ReportRow>[number] = r.by === 'product'
    ? { title: w.product, key: 'product', fixed: 'left', width: phone ? 140 : 220, render: (_: unknown, it) => (
      <Link to={`/products/${encodeURIComponent(it.sku || '')}`}>
        <span className="sku">{it.sku}</span>{it.kind === 'set' && <Tag style={{ marginInlineStart: 6 }}>{w.set}</Tag>}
        {it.active === false && <Tag style={{ marginInlineStart: 6 }}>{w.inactive}</Tag>}
        <br /><span style={{ wordBreak: 'keep-all' }}>{it.name}</span>
      </Link>) }
    : { title: w.categoryCol, key: 'category', fixed: 'left', width: phone ? 110 : 180, render: (_: unknown, it) => (
      <span>{it.category}<br /><span className="muted">{w.products(num(it.products))}</span></span>) };
  return [
    first,
    ...r.periods.map((p, i) => ({
      title: <PeriodHead p={p} period={r.period} />, key: `p${i}`, align: 'right' as const, width: r.period === 'week' ? 112 : 96,
      render: (_: unknown, it: ReportRow) => <span className="num">{num(it.qty[i])}</span>,
    })),
    { title: w.total, key: 'total', align: 'right', width: 96, fixed: right, render: (_: unknown, it) => <b className="num">{num(it.total)}</b> },
    { title: w.prev, key: 'prev', align: 'right', width: 104, fixed: right,
      render: (_: unknown, it) => <Change pct={it.prev_change} base={it.prev_total} label={w.prevBase} /> },
    { title: w.lastYear, key: 'ly', align: 'right', width: 112, fixed: right,
      render: (_: unknown, it) => <Change pct={it.last_year_change} base={it.last_year_total} label={w.lastYearBase} /> },
  ];
}

/** The top rows stacked per period, the rest as 기타, and last year's total as a line. */
function chartOption(r: SalesReportData, phone: boolean): EChartsCoreOption {
  const top = r.items.slice(0, STACKED);
  const rest = r.periods.map((_, i) => r.sum.qty[i] - top.reduce((s, it) => s + it.qty[i], 0));
  const name = (it: ReportRow) => (r.by === 'product' ? `${it.sku} ${it.name}` : it.category);
  const bars = top.map((it, k) => ({ type: 'bar', stack: 'sold', name: name(it), data: it.qty, itemStyle: { color: PALETTE[k] } }));
  if (rest.some((v) => v !== 0)) bars.push({ type: 'bar', stack: 'sold', name: w.others, data: rest, itemStyle: { color: PALETTE[STACKED] } });
  return {
    animation: false, // a report is read, not watched; switching period redraws at once
    grid: { left: 48, right: 12, top: phone ? 64 : 40, bottom: 56 }, // three-line labels: week, date, 진행 중
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${num(Number(v))}개` },
    legend: { type: 'scroll', top: 0, textStyle: { fontSize: 11 } },
    xAxis: {
      type: 'category',
      data: r.periods.map((p) => (r.period === 'week' ? `${p.label.slice(5)}\n${p.first.slice(5).replace('-', '/')}` : p.label.replace('-', '.'))
        + (p.partial ? `\n(${w.partial})` : '')),
      axisLabel: { fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      ...bars,
      { type: 'line', name: w.lastYearLine, data: r.sum.last_year, symbol: 'circle', symbolSize: 5, lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#111827' } },
    ],
  };
}

export default function SalesReport() {
  const phone = !Grid.useBreakpoint().md;
  const showError = useShowError();
  const [period, setPeriod] = useState<Period>('week');
  const [by, setBy] = useState<By>('product');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  const [categories, setCategories] = useState<string[]>([]);
  const [report, setReport] = useState<SalesReportData | null>(null);
  const [loading, setLoading] = useState(false);
  const q = useDebounced(search.trim());

  const query = useMemo(() => ({
    period, by, q, category,
    from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'),
  }), [period, by, q, category, range]);

  useEffect(() => {
    api.get<List<string>>('/api/categories').then((c) => setCategories(c.items)).catch(showError);
  }, [showError]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api.get<SalesReportData>('/api/reports/sales', query)
      .then((r) => { if (live) setReport(r); })
      .catch((e) => { if (live) showError(e); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [query, showError]);

  // The latest periods matter most: the table opens scrolled to its right end.
  const tableBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const scroller = tableBox.current?.querySelector<HTMLElement>('.ant-table-content');
    if (scroller) scroller.scrollLeft = scroller.scrollWidth;
  }, [report]);

  const cols = useMemo(() => (report ? columns(report, phone) : []), [report, phone]);
  const option = useMemo(() => (report ? chartOption(report, phone) : null), [report, phone]);
  const download = () => api.download('/api/reports/sales', { ...query, format: 'xlsx' }, 'sales-report.xlsx').catch(showError);

  return (
    <>
      <PageHead title={w.title} sub={w.sub}
        extra={<Button icon={<DownloadOutlined />} onClick={download} disabled={!report} data-testid="sales-report-xlsx">{w.download}</Button>} />
      <div className="filters" data-testid="sales-report-filters">
        <Segmented<Period> value={period} onChange={setPeriod} data-testid="sales-report-period"
          options={[{ value: 'week', label: w.week }, { value: 'month', label: w.month }]} />
        <Segmented<By> value={by} onChange={setBy} data-testid="sales-report-by"
          options={[{ value: 'product', label: w.byProduct }, { value: 'category', label: w.byCategory }]} />
        <DatePicker.RangePicker value={range} format="YYYY-MM-DD" allowEmpty={[true, true]}
          placeholder={[w.from, w.to]} style={{ width: phone ? '100%' : 280 }}
          onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} data-testid="sales-report-range" />
        <Select allowClear placeholder={w.allCategories} value={category} onChange={setCategory} style={{ width: phone ? '100%' : 180 }}
          options={['미분류', ...categories.filter((c) => c !== '미분류')].map((c) => ({ value: c, label: c }))} data-testid="sales-report-category" />
        <Input.Search allowClear placeholder={w.search} value={search} onChange={(e) => setSearch(e.target.value)}
          style={{ width: phone ? '100%' : 220 }} data-testid="sales-report-search" />
      </div>
      {!report ? <Card><Skeleton active /></Card> : (
        <>
          <Card size="small" style={{ marginBottom: 12 }} data-testid="sales-report-chart"
            title={<Space wrap size={4}><span>{w.chartTitle}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 12 }}>
                {report.from} ~ {report.to}{report.partial_days > 0 && ` · ${w.partialDays(report.partial_days)}`}</Typography.Text></Space>}
            extra={!phone && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.stackOf(STACKED, by === 'product' ? w.product : w.categoryCol)}</Typography.Text>}>
            {option && <Chart option={option} height={phone ? 260 : 300} />}
          </Card>
          <Card styles={{ body: { padding: 0 } }} data-testid="sales-report-table" ref={tableBox}>
            <Table<ReportRow> rowKey={(it) => it.sku || it.category} size="small" loading={loading}
              columns={cols} dataSource={report.items} pagination={report.items.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w.empty} /> }}
              summary={() => report.items.length === 0 ? null : (
                <Table.Summary fixed="bottom">
                  <Table.Summary.Row data-testid="sales-report-sum">
                    <Table.Summary.Cell index={0} colSpan={LEAD}><b>{w.sum}</b></Table.Summary.Cell>
                    {report.periods.map((_, i) => (
                      <Table.Summary.Cell key={i} index={LEAD + i} align="right"><b className="num">{num(report.sum.qty[i])}</b></Table.Summary.Cell>))}
                    <Table.Summary.Cell index={LEAD + report.periods.length} align="right"><b className="num" data-testid="sales-report-total">{num(report.sum.total)}</b></Table.Summary.Cell>
                    <Table.Summary.Cell index={LEAD + report.periods.length + 1} align="right">
                      <Change pct={report.sum.prev_change} base={report.sum.prev_total} label={w.prevBase} /></Table.Summary.Cell>
                    <Table.Summary.Cell index={LEAD + report.periods.length + 2} align="right">
                      <Change pct={report.sum.last_year_change} base={report.sum.last_year_total} label={w.lastYearBase} /></Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              )} />
          </Card>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>{w.compareNote}</Typography.Paragraph>
        </>
      )}
    </>
  );
}
