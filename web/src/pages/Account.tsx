// 내 계정: who I am, changing my own password (PUT /api/session/password), the language.
import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Form, Input, Row, Segmented, Tag } from 'antd';
import { api } from '../api';
import { t, currentLang, setLang, type Lang } from '../i18n';
import { day } from '../format';
import { useAuth } from '../auth';
import { applyFieldErrors, PageHead, useShowError } from '../util';
import { roleColor } from '../components/AppLayout';

export default function Account() {
  const { user } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showError = useShowError();

  const change = async () => {
    let v: { current_password: string; new_password: string };
    try { v = await form.validateFields(); } catch { return; }
    setBusy(true);
    try {
      await api.put('/api/session/password', { current_password: v.current_password, new_password: v.new_password });
      void message.success(t.account.changed);
      form.resetFields();
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  return (
    <>
      <PageHead title={t.account.title} />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card title={t.account.info}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t.members.name}>{user?.name}</Descriptions.Item>
              <Descriptions.Item label={t.members.login}>{user?.login}</Descriptions.Item>
              <Descriptions.Item label={t.members.role}><Tag color={roleColor(user?.role)}>{t.role[user?.role || 'viewer']}</Tag></Descriptions.Item>
              <Descriptions.Item label={t.members.createdAt}>{day(user?.created_at)}</Descriptions.Item>
              <Descriptions.Item label={t.account.language}>
                <Segmented size="small" value={currentLang()} onChange={(v) => setLang(v as Lang)} options={[{ value: 'ko', label: '한국어' }, { value: 'en', label: 'English' }]} />
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t.account.changePassword}>
            <Form form={form} layout="vertical" style={{ maxWidth: 420 }}>
              <Form.Item name="current_password" label={t.account.current} rules={[{ required: true, message: t.common.required }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item name="new_password" label={t.account.next} rules={[{ required: true, message: t.common.required }, { min: 8, message: t.members.passwordMin }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item name="again" label={t.account.nextAgain} dependencies={['new_password']} rules={[
                { required: true, message: t.common.required },
                ({ getFieldValue }) => ({ validator: (_r, v) => (!v || v === getFieldValue('new_password') ? Promise.resolve() : Promise.reject(new Error(t.account.mismatch))) }),
              ]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" onClick={change} loading={busy}>{t.account.changePassword}</Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
