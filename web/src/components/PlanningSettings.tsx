// 회사 설정's planning card (master only): 발주 알림 and 소비기한 알림 days, 발주 주기 and the
// default service level of the service-level safety stock (PATCH /api/org). Only changed
// settings are sent; every product's planning figures use them at once.
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, InputNumber, Row, Skeleton } from 'antd';
import { api, type PlanSettings } from '../api';
import { t } from '../i18n';
import { applyFieldErrors, useShowError } from '../util';

const KEYS: (keyof PlanSettings)[] = ['order_alert_days', 'expiry_alert_days', 'review_days', 'service_level'];

export default function PlanningSettings() {
  const [form] = Form.useForm<PlanSettings>();
  const [current, setCurrent] = useState<PlanSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showError = useShowError();

  useEffect(() => {
    api.get<PlanSettings>('/api/org').then((o) => { setCurrent(o); form.setFieldsValue(o); }).catch(showError);
  }, [form, showError]);

  const save = async () => {
    let v: PlanSettings;
    try { v = await form.validateFields(); } catch { return; }
    const body: Partial<PlanSettings> = {};
    for (const k of KEYS) if (v[k] != null && v[k] !== current?.[k]) body[k] = v[k];
    if (!Object.keys(body).length) { void message.info(t.org.unchanged); return; }
    setBusy(true);
    try {
      const o = await api.patch<PlanSettings>('/api/org', body);
      setCurrent(o);
      form.setFieldsValue(o);
      void message.success(t.org.saved);
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  const days = (name: keyof PlanSettings, label: string, help: string) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={label} extra={help} rules={[{ required: true, type: 'number', min: 0, max: 365, message: '0~365일 사이여야 합니다.' }]}>
        <InputNumber min={0} max={365} precision={0} addonAfter={t.plan.days} style={{ width: 160 }} data-testid={`plan-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Card title={t.plan.settings} style={{ maxWidth: 720, marginTop: 12 }} data-testid="planning-settings">
      {!current ? <Skeleton active /> : (
        <Form form={form} layout="vertical" onFinish={save}>
          <p className="muted" style={{ marginTop: 0 }}>{t.plan.settingsSub}</p>
          <Row gutter={12}>
            {days('order_alert_days', t.plan.orderAlertDays, t.plan.orderAlertHelp)}
            {days('expiry_alert_days', t.plan.expiryAlertDays, t.plan.expiryAlertHelp)}
            {days('review_days', t.plan.reviewDays, t.plan.reviewHelp)}
            <Col xs={24} sm={12}>
              <Form.Item name="service_level" label={t.plan.defaultService} extra={t.plan.defaultServiceHelp}
                rules={[{ required: true, type: 'number', min: 50, max: 99.9, message: t.plan.serviceLevelRange }]}>
                <InputNumber min={0} max={100} step={0.5} precision={1} addonAfter="%" style={{ width: 160 }} data-testid="plan-service_level" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="plan-settings-save">{t.common.save}</Button>
        </Form>
      )}
    </Card>
  );
}
