// 공급처 management: list, create and edit (manager and above); default lead time and MOQ
// apply to products that have none of their own.
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api, type Supplier } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { useAuth } from '../auth';
import { applyFieldErrors, PageHead, usePaged, useShowError } from '../util';
import { maxLen, useLimits } from '../limits';

export default function Suppliers() {
  const { can } = useAuth();
  const list = usePaged<Supplier>('/api/suppliers', {}, 50, '곳');
  const [editing, setEditing] = useState<Supplier | null | undefined>(undefined);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const limits = useLimits();
  const { message } = App.useApp();
  const showError = useShowError();

  useEffect(() => {
    if (editing === undefined) return;
    form.resetFields();
    if (editing) form.setFieldsValue(editing);
  }, [editing, form]);

  const save = async () => {
    let v: Record<string, unknown>;
    try { v = await form.validateFields(); } catch { return; }
    for (const k of ['lead_time_days', 'moq']) if (v[k] === undefined) v[k] = null;
    setBusy(true);
    try {
      if (editing) await api.patch(`/api/suppliers/${editing.id}`, v);
      else await api.post('/api/suppliers', v);
      void message.success(editing ? t.supplier.updated : t.supplier.created);
      setEditing(undefined);
      list.reload();
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  const columns: ColumnsType<Supplier> = [
    { title: t.supplier.name, dataIndex: 'name', render: (v: string) => <b>{v}</b> },
    { title: t.supplier.contact, dataIndex: 'contact', width: 120, render: (v?: string) => v || '-' },
    { title: t.supplier.phone, dataIndex: 'phone', width: 150, render: (v?: string) => (v ? <span className="num">{v}</span> : '-') },
    { title: t.supplier.email, dataIndex: 'email', width: 230, ellipsis: true, render: (v?: string) => v || '-' },
    { title: t.supplier.leadTime, dataIndex: 'lead_time_days', align: 'right', width: 120, render: (v?: number) => (v == null ? '-' : `${num(v)}일`) },
    { title: t.supplier.moq, dataIndex: 'moq', align: 'right', width: 100, render: (v?: number) => (v == null ? '-' : `${num(v)}개`) },
    { title: t.supplier.products, dataIndex: 'product_count', align: 'right', width: 80, render: (v?: number) => (v == null ? '-' : num(v)) },
    { title: t.supplier.memo, dataIndex: 'memo', ellipsis: true, render: (v?: string) => v || '' },
  ];
  if (can('manager')) columns.push({ title: '', key: 'act', width: 60, render: (_: unknown, s) => <Button type="text" icon={<EditOutlined />} aria-label={t.common.edit} onClick={() => setEditing(s)} /> });

  return (
    <>
      <PageHead title={t.supplier.list} sub={t.common.count(num(list.total), '곳')}
        extra={can('manager') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t.supplier.new}</Button>} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Supplier> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} pagination={{ ...list.pagination, style: { padding: '0 16px' } }} scroll={{ x: 960 }} data-testid="supplier-table" />
      </Card>
      <Modal open={editing !== undefined} title={editing ? t.supplier.editTitle : t.supplier.new} onCancel={() => setEditing(undefined)} onOk={save}
        okText={t.common.save} cancelText={t.common.cancel} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t.supplier.name} rules={[{ required: true, whitespace: true, message: t.common.required }]}><Input maxLength={maxLen(limits, 'supplier.name')} /></Form.Item>
          <Row gutter={12}>
            <Col span={12}><Form.Item name="contact" label={t.supplier.contact} tooltip={t.supplier.contactHelp}><Input maxLength={maxLen(limits, 'supplier.contact')} id="supplier-contact" /></Form.Item></Col>
            <Col span={12}><Form.Item name="phone" label={t.supplier.phone}><Input maxLength={maxLen(limits, 'supplier.phone')} id="supplier-phone" placeholder="02-000-0000" /></Form.Item></Col>
          </Row>
          <Form.Item name="email" label={t.supplier.email} rules={[{ type: 'email', message: '이메일 형식이 아닙니다.' }]}><Input maxLength={maxLen(limits, 'supplier.email')} id="supplier-email" /></Form.Item>
          <Row gutter={12}>
            <Col span={12}><Form.Item name="lead_time_days" label={t.supplier.leadTime}><InputNumber min={0} max={730} precision={0} addonAfter="일" style={{ width: '100%' }} /></Form.Item></Col>
            <Col span={12}><Form.Item name="moq" label={t.supplier.moq} rules={[{ type: 'number', min: 1, message: t.product.moqMin }, { type: 'number', max: 1000000, message: t.product.moqMax }]}>
              {/* min 0, not 1: a typed 0 stays and gets the message instead of silently becoming 1 */}
              <InputNumber min={0} precision={0} addonAfter="개" style={{ width: '100%' }} data-testid="supplier-moq" />
            </Form.Item></Col>
          </Row>
          <Form.Item name="memo" label={t.supplier.memo}><Input.TextArea rows={2} maxLength={maxLen(limits, 'supplier.memo')} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
