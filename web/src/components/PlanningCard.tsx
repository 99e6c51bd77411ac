// The product page's planning card (재고 계획), from GET /api/stock?sku=: which safety-stock
// rule applies with its inputs and the sentence of its result, 예상 소진일, whether to order
// and by when, the suggested quantity with its reason, overstock and expiry risk. A figure
// that cannot be computed shows the server's Korean reason instead.
import { useEffect, useState } from 'react';
import { Alert, Card, Col, Descriptions, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { api, type StockRow, type StockView } from '../api';
import { t } from '../i18n';
import { dayWithWeekday, num, won } from '../format';
import { ruleLabel } from './ProductPlanningFields';

const URGENCY_COLOR: Record<string, string> = { later: 'gold', today: 'orange', overdue: 'red' };

function Figure({ title, value, suffix, danger, testid }: { title: string; value: string; suffix?: string; danger?: boolean; testid?: string }) {
  return (
    <Statistic title={title} value={value} suffix={suffix} valueStyle={{ fontSize: 20, color: danger ? '#cf1322' : undefined }}
      formatter={(v) => String(v)} data-testid={testid} />
  );
}

function Figures({ r }: { r: StockRow }) {
  return (
    <Row gutter={[12, 12]}>
      <Col xs={12} md={6}><Figure title={t.plan.forecast30} value={num(r.forecast_30)} suffix={r.forecast_30 != null ? '개' : ''} testid="plan-forecast30" /></Col>
      <Col xs={12} md={6}><Figure title={t.product.safetyStock} value={num(r.safety_stock)} suffix={r.safety_stock != null ? '개' : ''} testid="plan-safety" /></Col>
      <Col xs={12} md={6}><Figure title={t.plan.depletion} value={r.depletion_date ? dayWithWeekday(r.depletion_date) : t.plan.noDepletion}
        danger={!!r.stockout_risk} testid="plan-depletion" /></Col>
      <Col xs={12} md={6}><Figure title={t.plan.suggestedQty} value={num(r.suggested_qty)} suffix={r.suggested_qty != null ? '개' : ''} testid="plan-suggested" /></Col>
    </Row>
  );
}

function Details({ r, expiryDays }: { r: StockRow; expiryDays: number }) {
  const s = r.safety;
  return (
    <Descriptions size="small" column={1} style={{ marginTop: 12 }} labelStyle={{ width: 130 }}>
      <Descriptions.Item label={t.plan.rule}>
        <Space direction="vertical" size={0}>
          <span><Tag>{ruleLabel(r.safety_stock_rule)}</Tag>
            {r.demand_basis && <Typography.Text type="secondary">{r.demand_basis === 'forecast' ? t.plan.forecastBasis : t.plan.monthlyBasis}</Typography.Text>}
            {r.overridden && <Tag color="purple" style={{ marginLeft: 6 }}>{t.plan.overridden}</Tag>}</span>
          {s?.text && <span data-testid="plan-safety-text">{s.text}</span>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t.plan.reorder}>
        {r.reorder_needed == null ? '-' : (
          <Space direction="vertical" size={0}>
            <span>{r.reorder_needed
              ? <Tag color={URGENCY_COLOR[r.reorder_urgency || 'later']}>{t.plan.urgency[r.reorder_urgency || 'later']}</Tag>
              : <Tag>{t.plan.reorderNotYet}</Tag>}
              {r.reorder_date && <span>{t.plan.orderBy} {dayWithWeekday(r.reorder_date)}</span>}</span>
            {r.timing_text && <span data-testid="plan-timing-text">{r.timing_text}</span>}
          </Space>
        )}
      </Descriptions.Item>
      {r.stockout_text && <Descriptions.Item label={t.plan.depletion}>{r.stockout_text}</Descriptions.Item>}
      <Descriptions.Item label={t.plan.suggestedQty}>
        {r.suggestion_text
          ? <Space direction="vertical" size={0}><span data-testid="plan-suggestion-text">{r.suggestion_text}</span>
            {r.expected_arrival && !!r.suggested_qty && <Typography.Text type="secondary">{t.plan.expectedArrival} {dayWithWeekday(r.expected_arrival)}</Typography.Text>}</Space>
          : '-'}
      </Descriptions.Item>
      {!!r.open_qty && <Descriptions.Item label={t.plan.openQty}>{num(r.open_qty)}개</Descriptions.Item>}
      <Descriptions.Item label={t.plan.overstock}>
        {r.overstock_qty ? <span>{r.overstock_text}</span> : (r.overstock_qty === 0 ? t.plan.none : '-')}
      </Descriptions.Item>
      {r.has_expiry && (
        <Descriptions.Item label={t.plan.expiryRisk}>
          <Space direction="vertical" size={0}>
            <span>{t.plan.expiryUnsold}: {num(r.expiry_risk_qty)}개{r.expiry_risk_value != null && r.expiry_risk_qty ? ` (${won(r.expiry_risk_value)})` : ''}</span>
            <Typography.Text type="secondary">{t.plan.expiryNear(`${num(r.expiry_near_qty)}개`, expiryDays)}</Typography.Text>
          </Space>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

export default function PlanningCard({ sku, tick }: { sku: string; tick?: number }) {
  const [view, setView] = useState<StockView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    api.get<StockView>('/api/stock', { sku }).then((v) => { setView(v); setFailed(null); })
      .catch((e: Error) => setFailed(e.message));
  }, [sku, tick]);
  const r = view?.items[0];
  return (
    <Card title={t.plan.card} extra={view && <Typography.Text type="secondary">{t.plan.cardSub(view.date)}</Typography.Text>}
      style={{ marginTop: 12 }} data-testid="planning-card">
      {failed ? <Alert type="info" showIcon message={failed} />
        : !r ? <Skeleton active paragraph={{ rows: 3 }} />
          : !r.planned ? <Typography.Text type="secondary">{t.plan.setNote}</Typography.Text>
            : (
              <>
                <Figures r={r} />
                <Details r={r} expiryDays={view.settings.expiry_alert_days} />
                {r.problems.length > 0 && (
                  <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="plan-problems"
                    message={t.plan.cannot}
                    description={<ul style={{ margin: 0, paddingLeft: 18 }}>{r.problems.map((p) => <li key={p.code}>{p.message}</li>)}</ul>} />
                )}
              </>
            )}
    </Card>
  );
}
