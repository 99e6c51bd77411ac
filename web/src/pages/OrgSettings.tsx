// 회사 설정 (master only): the shop's name, whether an outbound may take stock below zero, and
// the KST hour of the nightly forecast run (GET/PATCH /api/org). Only changed fields are sent,
// so saving the same values records nothing.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Skeleton, Switch, Typography } from 'antd';
import { api } from '../api';
import { t } from '../i18n';
import { day } from '../format';
import { useOrg, type Org } from '../org';
import { applyFieldErrors, PageHead, useShowError } from '../util';
import AlertSettings from '../components/AlertSettings';
import PlanningSettings from '../components/PlanningSettings';

interface Values { name: string; allow_negative_stock: boolean; forecast_hour?: number }

const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: t.org.hour(h) }));

export default function OrgSettings() {
  const { setOrg } = useOrg();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<Org | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showError = useShowError();
  const allow = Form.useWatch('allow_negative_stock', form);

  useEffect(() => {
    api.get<Org>('/api/org').then((o) => {
      setCurrent(o);
      form.setFieldsValue({ name: o.name, allow_negative_stock: !!o.allow_negative_stock, forecast_hour: o.forecast_hour });
    }).catch(showError);
  }, [form, showError]);

  const save = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    const body: Partial<Values> = {};
    const name = v.name.trim();
    if (!current || name !== current.name) body.name = name;
    if (!current || v.allow_negative_stock !== current.allow_negative_stock) body.allow_negative_stock = v.allow_negative_stock;
    if (v.forecast_hour !== undefined && v.forecast_hour !== current?.forecast_hour) body.forecast_hour = v.forecast_hour;
    if (!Object.keys(body).length) { void message.info(t.org.unchanged); return; }
    setBusy(true);
    try {
      const o = await api.patch<Org>('/api/org', body);
      setCurrent(o);
      setOrg(o);
      form.setFieldsValue({ name: o.name, allow_negative_stock: !!o.allow_negative_stock, forecast_hour: o.forecast_hour });
      void message.success(t.org.saved);
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  return (
    <>
      <PageHead title={t.org.title} sub={t.org.sub} />
      <Card style={{ maxWidth: 720 }}>
        {!current ? <Skeleton active /> : (
          <Form form={form} layout="vertical" onFinish={save} data-testid="org-form">
            <Form.Item name="name" label={t.org.name} extra={t.org.nameHelp} rules={[
              { required: true, whitespace: true, message: t.org.nameRequired },
              { max: 50, message: t.org.nameTooLong },
            ]}>
              <Input maxLength={60} showCount={false} autoComplete="organization" />
            </Form.Item>
            <Typography.Title level={5} style={{ marginTop: 8 }}>{t.org.stockRules}</Typography.Title>
            <Form.Item name="allow_negative_stock" valuePropName="checked" label={t.org.allowNegative} style={{ marginBottom: 8 }}>
              <Switch data-testid="allow-negative" aria-label={t.org.allowNegative} />
            </Form.Item>
            <Typography.Paragraph type="secondary" data-testid="allow-negative-state">
              {allow ? t.org.allowNegativeOn : t.org.allowNegativeOff}
            </Typography.Paragraph>
            <Alert type="warning" showIcon message={t.org.allowNegativeRisk} style={{ marginBottom: 16 }} />
            {typeof current.forecast_hour === 'number' && (
              <>
                <Typography.Title level={5} style={{ marginTop: 8 }}>{t.org.forecast}</Typography.Title>
                <Form.Item name="forecast_hour" label={t.org.forecastHour} extra={t.org.forecastHourHelp}>
                  <Select options={HOURS} style={{ maxWidth: 200 }} data-testid="forecast-hour" aria-label={t.org.forecastHour} />
                </Form.Item>
              </>
            )}
            <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t.org.createdAt}>{day(current.created_at)}</Descriptions.Item>
            </Descriptions>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="org-save">{t.common.save}</Button>
          </Form>
        )}
      </Card>
      <PlanningSettings />
      <AlertSettings />
    </>
  );
}
