// 회원 관리 (master only): list members, add one, change role, disable/enable, reset a
// password. The server refuses to demote or disable the last master (409 last_master).
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { KeyOutlined, UserAddOutlined } from '@ant-design/icons';
import { api, ApiError, type Role, type User } from '../api';
import { t } from '../i18n';
import { day, num } from '../format';
import { useAuth } from '../auth';
import { applyFieldErrors, PageHead, usePaged, useShowError } from '../util';
import { roleColor } from '../components/AppLayout';
import { maxLen, useLimits } from '../limits';

const ROLES: Role[] = ['master', 'manager', 'staff', 'viewer'];

export default function Members() {
  const { user: me } = useAuth();
  const list = usePaged<User>('/api/users', {}, 50, '명');
  const [inviteOpen, setInviteOpen] = useState(false);
  const [resetFor, setResetFor] = useState<User | null>(null);
  const [busy, setBusy] = useState(false);
  const limits = useLimits();
  const [inviteForm] = Form.useForm();
  const [resetForm] = Form.useForm();
  const { message, notification } = App.useApp();
  const showError = useShowError();

  const patch = async (u: User, body: Partial<User> & { password?: string }, ok = t.members.updated) => {
    try {
      await api.patch(`/api/users/${u.id}`, body);
      void message.success(ok);
      list.reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'last_master') notification.warning({ message: t.members.title, description: e.message || t.members.lastMaster });
      else showError(e);
      list.reload();
      return false;
    }
  };

  const invite = async () => {
    let v: Record<string, string>;
    try { v = await inviteForm.validateFields(); } catch { return; }
    setBusy(true);
    try {
      await api.post('/api/users', v);
      void message.success(t.members.created);
      setInviteOpen(false);
      inviteForm.resetFields();
      list.reload();
    } catch (e) { if (!applyFieldErrors(inviteForm, e)) showError(e); } finally { setBusy(false); }
  };

  const reset = async () => {
    if (!resetFor) return;
    let v: { password: string };
    try { v = await resetForm.validateFields(); } catch { return; }
    setBusy(true);
    if (await patch(resetFor, { password: v.password }, t.members.passwordReset)) { setResetFor(null); resetForm.resetFields(); }
    setBusy(false);
  };

  const columns: ColumnsType<User> = [
    { title: t.members.name, dataIndex: 'name', render: (v: string, u) => <Space><b>{v || u.login}</b>{u.id === me?.id && <Tag color="blue">{t.members.you}</Tag>}</Space> },
    { title: t.members.login, dataIndex: 'login', render: (v: string) => <span className="sku">{v}</span> },
    { title: t.members.role, dataIndex: 'role', width: 150, render: (v: Role, u) => (
      <Select size="small" value={v} style={{ width: 120 }} onChange={(r) => void patch(u, { role: r })}
        options={ROLES.map((r) => ({ value: r, label: <Tag color={roleColor(r)} style={{ marginInlineEnd: 0 }}>{t.role[r]}</Tag> }))} />) },
    { title: t.members.active, dataIndex: 'active', width: 130, render: (v: boolean, u) => (
      v ? (
        <Popconfirm title={t.members.disableConfirm(u.name || u.login)} okText={t.members.disable} okButtonProps={{ danger: true }} cancelText={t.common.cancel}
          onConfirm={() => void patch(u, { active: false })}>
          <Switch checked checkedChildren={t.members.enabled} unCheckedChildren={t.members.disabled} />
        </Popconfirm>
      ) : <Switch checked={false} checkedChildren={t.members.enabled} unCheckedChildren={t.members.disabled} onChange={() => void patch(u, { active: true })} />) },
    { title: t.members.createdAt, dataIndex: 'created_at', width: 120, render: (v: string) => <span className="num">{day(v)}</span> },
    { title: '', key: 'act', width: 150, render: (_: unknown, u) => <Button size="small" icon={<KeyOutlined />} onClick={() => setResetFor(u)}>{t.members.resetPassword}</Button> },
  ];

  return (
    <>
      <PageHead title={t.members.title} sub={t.common.count(num(list.total), '명')}
        extra={<Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviteOpen(true)}>{t.members.invite}</Button>} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<User> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} scroll={{ x: 820 }}
          pagination={{ ...list.pagination, style: { padding: '0 16px' } }} rowClassName={(u) => (u.active ? '' : 'muted')} data-testid="member-table" />
      </Card>
      <Card size="small" style={{ marginTop: 12 }}>
        <Space direction="vertical" size={2}>
          {ROLES.map((r) => <Typography.Text key={r}><Tag color={roleColor(r)}>{t.role[r]}</Tag>{t.roleHelp[r]}</Typography.Text>)}
        </Space>
      </Card>
      <Modal open={inviteOpen} title={t.members.invite} onCancel={() => setInviteOpen(false)} onOk={invite} okText={t.common.create} cancelText={t.common.cancel} confirmLoading={busy} destroyOnHidden>
        <Form form={inviteForm} layout="vertical" initialValues={{ role: 'staff' }}>
          <Form.Item name="login" label={t.members.login} rules={[{ required: true, whitespace: true, message: t.common.required }]}><Input autoComplete="off" maxLength={maxLen(limits, 'member.login')} /></Form.Item>
          <Form.Item name="name" label={t.members.name} rules={[{ required: true, whitespace: true, message: t.common.required }]}><Input maxLength={maxLen(limits, 'member.name')} /></Form.Item>
          <Form.Item name="role" label={t.members.role}>
            <Select options={ROLES.map((r) => ({ value: r, label: `${t.role[r]} — ${t.roleHelp[r]}` }))} />
          </Form.Item>
          <Form.Item name="password" label={t.members.password} rules={[{ required: true, message: t.common.required }, { min: 8, message: t.members.passwordMin }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!resetFor} title={`${t.members.resetPassword} — ${resetFor?.name || resetFor?.login || ''}`} onCancel={() => setResetFor(null)} onOk={reset}
        okText={t.common.save} cancelText={t.common.cancel} confirmLoading={busy} destroyOnHidden>
        <Form form={resetForm} layout="vertical">
          <Form.Item name="password" label={t.members.newPassword} rules={[{ required: true, message: t.common.required }, { min: 8, message: t.members.passwordMin }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
