// Login page: the server's Korean message on failure, lock-out countdown on 429.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { ApiError } from '../api';
import { t } from '../i18n';

export default function LoginPage() {
  const { login, expired } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(v.login.trim(), v.password);
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.status === 429 && e.retryAfter) setError(t.login.locked(String(e.retryAfter)));
        else if (e.status === 401) setError(e.message || t.login.failed);
        else setError(e.message);
      } else setError(t.errors.unknown);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-wrap">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark">재</span>
          <div>
            <h2>jaego</h2>
            <p>{t.app.tagline}</p>
          </div>
        </div>
        <Card styles={{ body: { padding: 28 } }} style={{ boxShadow: '0 10px 30px rgba(15,23,42,.08)' }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>{t.login.title}</Typography.Title>
          <Typography.Paragraph type="secondary">{t.login.subtitle}</Typography.Paragraph>
          {expired && !error && <Alert type="info" showIcon message={t.login.expired} style={{ marginBottom: 16 }} />}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
            <Form.Item name="login" label={t.login.login} rules={[{ required: true, whitespace: true, message: t.login.loginRequired }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login" />
            </Form.Item>
            <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.login.passwordRequired }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>{t.login.submit}</Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
