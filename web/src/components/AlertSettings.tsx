// 알림 보내기 (in 회사 설정, master only): where alerts go — a Slack-compatible webhook and
// e-mail over SMTP — when they open and in a daily digest at a KST hour, per kind; a test
// message to check the settings; and the recent delivery log with retries and errors. The
// server never sends back the SMTP password or the webhook's secret path: their inputs stay
// empty and are sent only when the master types a new value (or clears it).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { ApiError, api, type AlertDelivery, type AlertSettingsData } from '../api';
import { t } from '../i18n';
import { when } from '../format';
import { applyFieldErrors, useShowError } from '../util';

const KINDS = ['order', 'stockout', 'overstock', 'expiry'] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: h, label: `매일 ${String(h).padStart(2, '0')}:00` }));

interface Values {
  immediate_enabled: boolean; digest_enabled: boolean; digest_hour: number; kinds: string[];
  webhook_url?: string; webhook_clear?: boolean; smtp_url?: string; smtp_from?: string; smtp_to?: string;
  smtp_user?: string; smtp_password?: string; password_clear?: boolean;
}

export default function AlertSettings() {
  const [form] = Form.useForm<Values>();
  const [cur, setCur] = useState<AlertSettingsData | null>(null);
  const [log, setLog] = useState<AlertDelivery[]>([]);
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<string[] | null>(null);
  const { message } = App.useApp();
  const showError = useShowError();

  const show = useCallback((s: AlertSettingsData) => {
    setCur(s);
    form.resetFields();
    form.setFieldsValue({
      immediate_enabled: s.immediate_enabled, digest_enabled: s.digest_enabled, digest_hour: s.digest_hour,
      kinds: KINDS.filter((k) => s.kinds[k]), smtp_url: s.smtp_url, smtp_from: s.smtp_from, smtp_to: s.smtp_to, smtp_user: s.smtp_user,
    });
  }, [form]);
  const loadLog = useCallback(() => {
    api.get<{ deliveries: AlertDelivery[] }>('/api/alerts/deliveries', { limit: 20 }).then((r) => setLog(r.deliveries)).catch(showError);
  }, [showError]);

  useEffect(() => {
    api.get<AlertSettingsData>('/api/alerts/settings').then(show).catch(showError);
    loadLog();
  }, [show, loadLog, showError]);

  const save = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    const body: Record<string, unknown> = {
      immediate_enabled: v.immediate_enabled, digest_enabled: v.digest_enabled, digest_hour: v.digest_hour,
      kinds: Object.fromEntries(KINDS.map((k) => [k, v.kinds.includes(k)])),
      smtp_url: v.smtp_url || '', smtp_from: v.smtp_from || '', smtp_to: v.smtp_to || '', smtp_user: v.smtp_user || '',
    };
    if (v.webhook_clear) body.webhook_url = '';
    else if (v.webhook_url) body.webhook_url = v.webhook_url;
    if (v.password_clear) body.smtp_password = '';
    else if (v.smtp_password) body.smtp_password = v.smtp_password;
    setBusy(true);
    try {
      show(await api.put<AlertSettingsData>('/api/alerts/settings', body));
      void message.success(t.alerts.saved);
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  const test = async () => {
    setTesting(true);
    setTestError(null);
    try {
      const r = await api.post<{ results: { channel: string }[] }>('/api/alerts/test');
      void message.success(t.alerts.testOk(r.results.map((x) => t.alerts.channel[x.channel]).join(', ')));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'alert_test_failed') {
        setTestError(e.fieldErrors().map((f) => `${t.alerts.channel[f.field] || f.field}: ${f.message}`));
      } else showError(e);
    } finally { setTesting(false); loadLog(); }
  };

  const statusColor: Record<string, string> = { sent: 'green', pending: 'orange', failed: 'red' };
  return (
    <Card title={t.alerts.settings} style={{ maxWidth: 720, marginTop: 16 }} data-testid="alert-settings" loading={!cur}>
      <Typography.Paragraph type="secondary">{t.alerts.settingsSub}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} data-testid="alert-settings-form">
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="immediate_enabled" valuePropName="checked" label={t.alerts.immediate}>
              <Switch aria-label={t.alerts.immediate} data-testid="alert-immediate" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="digest_enabled" valuePropName="checked" label={t.alerts.digest}>
              <Switch aria-label={t.alerts.digest} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="digest_hour" label={t.alerts.digestHour}>
          <Select options={HOURS} style={{ maxWidth: 200 }} aria-label={t.alerts.digestHour} data-testid="alert-digest-hour" />
        </Form.Item>
        <Form.Item name="kinds" label={t.alerts.kinds}>
          <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: t.alerts.kind[k] }))} />
        </Form.Item>
        <Form.Item name="webhook_url" label={t.alerts.webhook} extra={t.alerts.webhookHelp}>
          <Input placeholder={cur?.webhook_url_set ? cur.webhook_url : 'https://hooks.slack.com/services/…'} autoComplete="off" data-testid="alert-webhook" />
        </Form.Item>
        {cur?.webhook_url_set && (
          <Form.Item name="webhook_clear" valuePropName="checked" style={{ marginTop: -12 }}>
            <Checkbox>{t.alerts.webhookClear}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="smtp_url" label={t.alerts.smtpUrl} extra={t.alerts.smtpUrlHelp}>
          <Input placeholder="smtps://smtp.example.com:465" autoComplete="off" data-testid="alert-smtp-url" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="smtp_from" label={t.alerts.smtpFrom}>
              <Input placeholder="jaego@shop.example" autoComplete="off" data-testid="alert-smtp-from" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="smtp_to" label={t.alerts.smtpTo}>
              <Input placeholder="boss@shop.example, staff@shop.example" autoComplete="off" data-testid="alert-smtp-to" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="smtp_user" label={t.alerts.smtpUser}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="smtp_password" label={t.alerts.smtpPassword}>
              <Input.Password placeholder={cur?.smtp_password_set ? t.alerts.passwordSet : ''} autoComplete="new-password" />
            </Form.Item>
            {cur?.smtp_password_set && (
              <Form.Item name="password_clear" valuePropName="checked" style={{ marginTop: -12 }}>
                <Checkbox>{t.alerts.passwordClear}</Checkbox>
              </Form.Item>
            )}
          </Col>
        </Row>
        {testError && <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="alert-test-error"
          message={testError.map((m) => <div key={m}>{m}</div>)} />}
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="alert-settings-save">{t.alerts.save}</Button>
          <Button icon={<SendOutlined />} onClick={test} loading={testing} data-testid="alert-test">{t.alerts.test}</Button>
        </Space>
      </Form>
      {log.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t.alerts.log}</Typography.Title>
          <Table<AlertDelivery> rowKey="id" size="small" pagination={false} dataSource={log} scroll={{ x: 560 }} data-testid="alert-log"
            columns={[
              { title: t.alerts.logAt, key: 'at', width: 130, render: (_, d) => when(d.sent_at || d.created_at) },
              { title: t.alerts.logWhat, key: 'kind', width: 150, render: (_, d) => `${t.alerts.logKind[d.kind]} · ${t.alerts.channel[d.channel]}` },
              { title: t.alerts.logResult, key: 'status', render: (_, d) => (
                <span>
                  <Tag color={statusColor[d.status]}>{t.alerts.logStatus[d.status]}</Tag>
                  <span className="muted">{t.alerts.attempts(d.attempts)}</span>
                  {d.error && <div className="muted">{d.error}</div>}
                </span>
              ) },
            ]} />
        </>
      )}
    </Card>
  );
}
