// The imported sales history (판매 이력) of one product, shown apart from jaego's own
// 입출고 내역: a bar per day, the period and the total, and the latest days. It feeds the
// forecasts only and never changes stock.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Space, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { api, type ProductSalesHistory as History } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { useShowError } from '../util';
import Chart from './Chart';

const w = t.salesHistory;

export default function ProductSalesHistory({ sku }: { sku: string }) {
  const [h, setH] = useState<History | null>(null);
  const showError = useShowError();

  useEffect(() => {
    api.get<History>(`/api/products/${encodeURIComponent(sku)}/sales-history`).then(setH).catch(showError);
  }, [sku, showError]);

  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 44, right: 12, top: 12, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: h?.days.map((d) => d.day) || [] },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: w.qty, data: h?.days.map((d) => d.qty) || [], itemStyle: { color: '#7c3aed' } }],
  }), [h]);

  const recent = h ? [...h.days].reverse().slice(0, 10) : [];
  return (
    <Card title={w.productTitle} style={{ marginTop: 12 }} data-testid="product-sales-history"
      extra={<Link to="/sales-history">{t.nav.salesHistory}</Link>}>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>{w.productHint}</Typography.Paragraph>
      {!h || !h.days.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w.productEmpty} />
      ) : (
        <>
          <Space size={24} wrap style={{ marginBottom: 8 }}>
            <span>{w.period}: <b className="num">{h.first_day} ~ {h.last_day}</b></span>
            <span>{w.days}: <b className="num">{num(h.days.length)}</b></span>
            <span>{w.total}: <b className="num" data-testid="product-sales-total">{num(h.total)}개</b></span>
          </Space>
          <Chart option={option} height={200} />
          <Typography.Text type="secondary">{w.recent}</Typography.Text>
          <Table rowKey="day" size="small" pagination={false} dataSource={recent} style={{ marginTop: 4 }}
            columns={[
              { title: w.day, dataIndex: 'day', render: (v: string) => <span className="num">{v}</span> },
              { title: w.qty, dataIndex: 'qty', align: 'right', render: (v: number) => <span className="num">{num(v)}</span> },
              { title: w.id, dataIndex: 'batch_id', align: 'right', render: (v: number) => <span className="muted num">#{v}</span> },
            ]} />
        </>
      )}
    </Card>
  );
}
