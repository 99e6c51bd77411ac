// The product form's planning fields: how safety stock is set (직접 입력 / 예측 × 리드타임 /
// 서비스 수준), the seller's own 30-day demand (used until a forecast exists), the order
// multiple and a per-product service level. The server checks what needs the store (a lead
// time and demand for a computed rule) and its field errors land under these fields.
import { Col, Form, InputNumber, Row, Select } from 'antd';
import { t } from '../i18n';

const numberInput = { style: { width: '100%' }, precision: 0,
  formatter: (v: unknown) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  parser: (v: string | undefined) => Number((v || '').replace(/,/g, '')) as unknown as number } as const;

export const RULE_OPTIONS = [
  { value: 'manual', label: t.plan.ruleManual },
  { value: 'forecast_lead_time', label: t.plan.ruleForecast },
  { value: 'service_level', label: t.plan.ruleService },
];

/** The fields a PATCH may clear with null (empty on the form). */
export const PLANNING_CLEARABLE = ['monthly_demand', 'order_multiple', 'service_level'];

export function ruleLabel(rule: string | null | undefined): string {
  return RULE_OPTIONS.find((o) => o.value === rule)?.label || t.plan.ruleManual;
}

export default function ProductPlanningFields() {
  const form = Form.useFormInstance();
  const rule = Form.useWatch('safety_stock_rule', form);
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item name="safety_stock_rule" label={t.plan.rule} tooltip={t.plan.ruleHelp}>
          <Select options={RULE_OPTIONS} data-testid="product-ss-rule" aria-label={t.plan.rule} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="monthly_demand" label={t.plan.monthlyDemand} tooltip={t.plan.monthlyDemandHelp}
          rules={[{ type: 'number', min: 0, message: '0 이상이어야 합니다.' }]}>
          <InputNumber {...numberInput} min={0} addonAfter="개" placeholder={t.plan.none} data-testid="product-monthly-demand" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={12}>
        <Form.Item name="order_multiple" label={t.plan.orderMultiple} tooltip={t.plan.orderMultipleHelp}
          rules={[{ type: 'number', min: 1, message: t.plan.multipleMin }]}>
          <InputNumber {...numberInput} min={0} addonAfter="개" placeholder={t.plan.none} data-testid="product-order-multiple" />
        </Form.Item>
      </Col>
      {rule === 'service_level' && (
        <Col xs={12} sm={12}>
          <Form.Item name="service_level" label={t.plan.serviceLevel} tooltip={t.plan.serviceLevelHelp}
            rules={[{ type: 'number', min: 50, max: 99.9, message: t.plan.serviceLevelRange }]}>
            <InputNumber style={{ width: '100%' }} min={0} max={100} step={0.5} precision={1} addonAfter="%" placeholder="95" />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
