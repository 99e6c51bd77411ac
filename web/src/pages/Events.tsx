// 행사 일정: the shop's own events (promotions, live commerce, channel sale days, its own
// shipping stops) that the forecast learns from. Everyone reads them; managers and masters
// add, change and delete them (the server refuses the others anyway).
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Grid, Input, InputNumber, Modal, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type ShopEvent } from '../api';
import { t } from '../i18n';
import { dayWithWeekday, kstDayOffset, num, todayKst } from '../format';
import { useAuth } from '../auth';
import { applyFieldErrors, PageHead, usePaged, useShowError } from '../util';
import { maxLen, useLimits } from '../limits';

type Period = 'upcoming' | 'past' | 'all';

const KIND_COLOR: Record<string, string> = {
  promotion: 'magenta', live: 'purple', channel_sale: 'blue', shipping_stop: 'orange', other: 'default',
};
const FIRST = '2015-01-01';
const LAST = '2035-12-31';

/** "3일 전 ~ 1일 후", "당일 ~ 2일 후", "당일만". */
function windowText(before: number, after: number): string {
  if (!before && !after) return t.event.onlyDay;
  return `${before ? t.event.before(before) : t.event.sameDay} ~ ${after ? t.event.after(after) : t.event.sameDay}`;
}

interface Values {
  name: string; date: Dayjs; kind: string; channel: string;
  days_before: number | null; days_after: number | null; memo?: string;
}

export default function Events() {
  const { can } = useAuth();
  const canEdit = can('manager');
  const phone = !Grid.useBreakpoint().md;
  const [period, setPeriod] = useState<Period>('upcoming');
  const query = useMemo(() => {
    if (period === 'upcoming') return { from: todayKst() };
    if (period === 'past') return { to: kstDayOffset(-1), order: 'desc' };
    return {};
  }, [period]);
  const list = usePaged<ShopEvent>('/api/events', query, 50);
  const [editing, setEditing] = useState<ShopEvent | null | undefined>(undefined);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const limits = useLimits();
  const { message } = App.useApp();
  const showError = useShowError();

  useEffect(() => {
    if (editing === undefined) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name, date: dayjs(editing.date), kind: editing.kind, channel: editing.channel || '',
        days_before: editing.days_before, days_after: editing.days_after, memo: editing.memo,
      });
    } else {
      form.setFieldsValue({ kind: 'promotion', channel: '', days_before: 0, days_after: 0 });
    }
  }, [editing, form]);

  const save = async () => {
    let v: Values;
    try { v = await form.validateFields(); } catch { return; }
    const body = {
      name: v.name, date: v.date.format('YYYY-MM-DD'), kind: v.kind, channel: v.channel || null,
      days_before: v.days_before ?? 0, days_after: v.days_after ?? 0, memo: v.memo ?? '',
    };
    setBusy(true);
    try {
      if (editing) await api.patch(`/api/events/${editing.id}`, body);
      else await api.post('/api/events', body);
      void message.success(editing ? t.event.updated : t.event.created);
      setEditing(undefined);
      list.reload();
    } catch (e) {
      if (!applyFieldErrors(form, e)) showError(e);
    } finally { setBusy(false); }
  };

  const remove = async (e: ShopEvent) => {
    try {
      await api.del(`/api/events/${e.id}`);
      void message.success(t.event.deleted);
      list.reload();
    } catch (err) { showError(err); }
  };

  const exportCsv = async () => {
    try { await api.download('/api/events/export.csv', query, 'events.csv'); } catch (e) { showError(e); }
  };

  const columns: ColumnsType<ShopEvent> = [
    { title: t.event.date, dataIndex: 'date', width: 150, render: (v: string) => <span className="num" style={{ whiteSpace: 'nowrap' }}>{dayWithWeekday(v)}</span> },
    {
      title: t.event.name, dataIndex: 'name', render: (v: string, e) => (
        <div style={{ minWidth: 140 }}>
          <b>{v}</b>
          {e.memo && <div className="muted" style={{ fontSize: 12.5 }}>{e.memo}</div>}
        </div>
      ),
    },
    { title: t.event.kind, dataIndex: 'kind', width: 130, render: (v: string) => <Tag color={KIND_COLOR[v] || 'default'}>{t.event.kinds[v] || v}</Tag> },
    { title: t.event.channel, dataIndex: 'channel', width: 120, render: (v: string | null) => (v ? t.event.channels[v] || v : <span className="muted">{t.event.allChannels}</span>) },
    { title: t.event.window, key: 'window', width: 150, render: (_: unknown, e) => <span style={{ whiteSpace: 'nowrap' }}>{windowText(e.days_before, e.days_after)}</span> },
  ];
  if (canEdit) {
    columns.push({
      title: '', key: 'act', width: 96, render: (_: unknown, e) => (
        <Space size={0}>
          <Button type="text" icon={<EditOutlined />} aria-label={t.common.edit} data-testid="event-edit" onClick={() => setEditing(e)} />
          <Popconfirm title={t.event.deleteConfirm} okText={t.common.delete} cancelText={t.common.cancel} okButtonProps={{ danger: true }} onConfirm={() => remove(e)}>
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={t.common.delete} data-testid="event-delete" />
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <>
      <PageHead title={t.event.title} sub={<>{t.event.sub} · {t.common.total(num(list.total))}</>}
        extra={(
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={exportCsv}>{t.event.exportCsv}</Button>
            {canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="event-new">{t.event.new}</Button>}
          </Space>
        )} />
      <div className="filters">
        <Segmented<Period> value={period} onChange={setPeriod} data-testid="event-period" block={phone}
          options={[{ value: 'upcoming', label: t.event.upcoming }, { value: 'past', label: t.event.past }, { value: 'all', label: t.event.all }]} />
      </div>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<ShopEvent> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} data-testid="event-table"
          locale={{ emptyText: t.event.empty }} pagination={{ ...list.pagination, style: { padding: '0 16px' } }} scroll={{ x: 760 }} />
      </Card>
      <Modal open={editing !== undefined} title={editing ? t.event.editTitle : t.event.new} onCancel={() => setEditing(undefined)} onOk={save}
        okText={t.common.save} cancelText={t.common.cancel} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" data-testid="event-form">
          <Form.Item name="name" label={t.event.name} rules={[{ required: true, whitespace: true, message: t.event.nameRequired }]}>
            <Input maxLength={maxLen(limits, 'event.name')} showCount placeholder="예: 십일절, 라이브 방송" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="date" label={t.event.date} rules={[{ required: true, message: t.event.dateRequired }]}>
                <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false}
                  disabledDate={(d) => d.format('YYYY-MM-DD') < FIRST || d.format('YYYY-MM-DD') > LAST} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t.event.kind} rules={[{ required: true, message: t.common.required }]}>
                <Select options={Object.entries(t.event.kinds).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="channel" label={t.event.channel}>
            <Select options={[{ value: '', label: t.event.allChannels }, ...Object.entries(t.event.channels).map(([value, label]) => ({ value, label }))]} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="days_before" label={t.event.daysBefore}>
                <InputNumber min={0} max={14} precision={0} addonAfter="일" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="days_after" label={t.event.daysAfter}>
                <InputNumber min={0} max={14} precision={0} addonAfter="일" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: -12, fontSize: 12.5 }}>{t.event.windowHelp}</Typography.Paragraph>
          <Form.Item name="memo" label={t.event.memo}><Input.TextArea rows={2} maxLength={maxLen(limits, 'event.memo')} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
