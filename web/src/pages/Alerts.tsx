// 알림: the alert centre. Open alerts by kind (tabs with their counts), each with its product,
// the rule's sentence and its figures; 확인 and 다시 알림 (a snooze picker) for staff and above;
// 지난 알림, the closed and acknowledged ones. A manager recomputes the alerts now. The
// server opens and closes alerts by itself; this screen only reads them and acts on them.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Badge, Button, Card, Checkbox, DatePicker, Dropdown, Empty, Grid, Modal, Space, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckOutlined, ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api, type AlertList, type AlertRow } from '../api';
import { t } from '../i18n';
import { dayWithWeekday, kstDayOffset, num, when } from '../format';
import { useAuth } from '../auth';
import { PageHead, useShowError } from '../util';

const KINDS = ['order', 'stockout', 'overstock', 'expiry'] as const;
const SEVERITY_COLOR: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' };
const HOUR_MS = 3600 * 1000;

/** Quantity, money and the day that matter for the alert's kind, in Korean. */
function Figures({ a }: { a: AlertRow }) {
  const parts: string[] = [];
  if (a.qty) parts.push(t.alerts.qty(num(a.qty)));
  if (a.value) parts.push(t.alerts.value(num(a.value)));
  if (a.day) parts.push(a.kind === 'order' ? t.alerts.orderBy(dayWithWeekday(a.day)) : t.alerts.depletion(dayWithWeekday(a.day)));
  return <span className="muted">{parts.join(' · ') || '-'}</span>;
}

function Product({ a }: { a: AlertRow }) {
  return (
    <Link to={`/products/${encodeURIComponent(a.sku)}`} data-testid="alert-product">
      {a.name} <span className="muted">({a.sku})</span>
    </Link>
  );
}

function SeverityTag({ a }: { a: AlertRow }) {
  return <Tag color={SEVERITY_COLOR[a.severity]}>{t.alerts.severity[a.severity]}</Tag>;
}

/** 확인 and 다시 알림 of one open alert. */
function Actions({ a, onDone }: { a: AlertRow; onDone: () => void }) {
  const { message } = App.useApp();
  const showError = useShowError();
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<Dayjs | null>(null);
  const ack = async () => {
    try { await api.post(`/api/alerts/${a.id}/ack`); void message.success(t.alerts.ackDone); onDone(); } catch (e) { showError(e); }
  };
  const snooze = async (until: string) => {
    try {
      await api.post(`/api/alerts/${a.id}/snooze`, { until });
      void message.success(t.alerts.snoozeDone(when(until)));
      onDone();
    } catch (e) { showError(e); }
  };
  const choices = [
    { key: '1h', label: t.alerts.snooze1h, until: () => new Date(Date.now() + HOUR_MS).toISOString() },
    { key: 'tomorrow', label: t.alerts.snoozeTomorrow, until: () => `${kstDayOffset(1)}T09:00:00+09:00` },
    { key: '3d', label: t.alerts.snooze3d, until: () => new Date(Date.now() + 72 * HOUR_MS).toISOString() },
    { key: '1w', label: t.alerts.snooze1w, until: () => new Date(Date.now() + 168 * HOUR_MS).toISOString() },
  ];
  return (
    <Space wrap size={4}>
      {!a.acked_at && <Button size="small" icon={<CheckOutlined />} onClick={ack} data-testid="alert-ack">{t.alerts.ack}</Button>}
      <Dropdown trigger={['click']} menu={{
        items: [...choices.map((c) => ({ key: c.key, label: c.label })), { type: 'divider' }, { key: 'pick', label: t.alerts.snoozePick }],
        onClick: ({ key }) => {
          if (key === 'pick') { setPicked(dayjs().add(1, 'day').hour(9).minute(0)); setPicking(true); return; }
          const c = choices.find((x) => x.key === key);
          if (c) void snooze(c.until());
        },
      }}>
        <Button size="small" icon={<ClockCircleOutlined />} data-testid="alert-snooze">{t.alerts.snooze}</Button>
      </Dropdown>
      <Modal open={picking} title={t.alerts.snoozePickTitle} onCancel={() => setPicking(false)} okText={t.alerts.snooze}
        onOk={() => { if (picked) { setPicking(false); void snooze(picked.toISOString()); } }}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={picked} onChange={setPicked}
          disabledDate={(d) => d.isBefore(dayjs().startOf('day')) || d.isAfter(dayjs().add(90, 'day'))} style={{ width: '100%' }} />
      </Modal>
    </Space>
  );
}

function OpenAlerts({ kind, canAct, version, onChange }: { kind: string; canAct: boolean; version: number; onChange: () => void }) {
  const [data, setData] = useState<AlertList | null>(null);
  const [withSnoozed, setWithSnoozed] = useState(false);
  const showError = useShowError();
  // on a phone: one column, the time and the buttons under the sentence
  const phone = !Grid.useBreakpoint().md;
  useEffect(() => {
    api.get<AlertList>('/api/alerts', { kind: kind === 'all' ? undefined : kind, include_snoozed: withSnoozed })
      .then(setData).catch(showError);
  }, [kind, withSnoozed, version, showError]);
  const columns: ColumnsType<AlertRow> = [
    { title: t.alerts.state, key: 'sev', width: 110, render: (_, a) => (
      <Space direction="vertical" size={2}>
        <SeverityTag a={a} />
        <Tag>{t.alerts.kind[a.kind]}</Tag>
      </Space>
    ) },
    { title: t.alerts.message, key: 'message', render: (_, a) => (
      <div data-testid="alert-message">
        <Product a={a} />
        <div>{a.message}</div>
        <Figures a={a} />
        {a.acked_at && <div><Tag color="green" style={{ marginTop: 4 }}>{t.alerts.acked(a.acked_by || '')}</Tag></div>}
        {a.snoozed && a.snoozed_until && <div><Tag style={{ marginTop: 4 }}>{t.alerts.snoozedUntil(when(a.snoozed_until))}</Tag></div>}
        {phone && <div className="muted" style={{ marginTop: 4 }}>{t.alerts.opened} {when(a.opened_at)}</div>}
        {phone && canAct && <div style={{ marginTop: 8 }}><Actions a={a} onDone={onChange} /></div>}
      </div>
    ) },
    ...(phone ? [] : [{ title: t.alerts.opened, key: 'opened', width: 140, render: (_: unknown, a: AlertRow) => when(a.opened_at) }]),
    ...(canAct && !phone ? [{ title: t.common.actions, key: 'actions', width: 170, render: (_: unknown, a: AlertRow) => <Actions a={a} onDone={onChange} /> }] : []),
  ];
  return (
    <>
      <Checkbox checked={withSnoozed} onChange={(e) => setWithSnoozed(e.target.checked)} style={{ marginBottom: 12 }} data-testid="include-snoozed">
        {t.alerts.includeSnoozed}{data?.snoozed ? ` (${data.snoozed})` : ''}
      </Checkbox>
      <Table<AlertRow> rowKey="id" size="middle" columns={columns} dataSource={data?.alerts || []} loading={!data}
        pagination={false} scroll={phone ? undefined : { x: 640 }} data-testid="alert-table"
        locale={{ emptyText: <Empty description={t.alerts.empty} /> }} />
    </>
  );
}

function History({ version }: { version: number }) {
  const [rows, setRows] = useState<AlertRow[] | null>(null);
  const showError = useShowError();
  useEffect(() => {
    api.get<{ alerts: AlertRow[] }>('/api/alerts/history', { limit: 200 }).then((r) => setRows(r.alerts)).catch(showError);
  }, [version, showError]);
  const columns: ColumnsType<AlertRow> = [
    { title: t.alerts.state, key: 'state', width: 110, render: (_, a) => (
      <Space direction="vertical" size={2}>
        <Tag>{t.alerts.kind[a.kind]}</Tag>
        {a.closed_at ? <Tag color="default">{t.alerts.resolved}</Tag> : <Tag color="green">{t.alerts.ackedState}</Tag>}
      </Space>
    ) },
    { title: t.alerts.message, key: 'message', render: (_, a) => (
      <div>
        <Product a={a} />
        <div>{a.message}</div>
        <Figures a={a} />
        {a.acked_at && <div className="muted">{t.alerts.acked(a.acked_by || '')} · {when(a.acked_at)}</div>}
      </div>
    ) },
    { title: t.alerts.opened, key: 'opened', width: 140, render: (_, a) => when(a.opened_at) },
    { title: t.alerts.closed, key: 'closed', width: 140, render: (_, a) => when(a.closed_at) },
  ];
  return (
    <Table<AlertRow> rowKey="id" size="middle" columns={columns} dataSource={rows || []} loading={!rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 640 }} data-testid="alert-history"
      locale={{ emptyText: <Empty description={t.alerts.emptyHistory} /> }} />
  );
}

export default function Alerts() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const [tab, setTab] = useState('all');
  const [counts, setCounts] = useState<AlertList | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    api.get<AlertList>('/api/alerts').then(setCounts).catch(showError);
  }, [version, showError]);

  const refresh = async () => {
    setBusy(true);
    try {
      const r = await api.post<AlertList & { refresh: { opened: number; closed: number } }>('/api/alerts/refresh');
      void message.success(t.alerts.refreshed(r.refresh.opened, r.refresh.closed));
      bump();
      window.dispatchEvent(new Event('jaego:alerts'));
    } catch (e) { showError(e); } finally { setBusy(false); }
  };
  const onChange = () => { bump(); window.dispatchEvent(new Event('jaego:alerts')); };

  const label = (text: string, n?: number) => (
    <span>{text} {n ? <Badge count={n} overflowCount={999} style={{ marginInlineStart: 4 }} /> : null}</span>
  );
  const items = [
    { key: 'all', label: label(t.alerts.all, counts?.total) },
    ...KINDS.map((k) => ({ key: k, label: label(t.alerts.kind[k], counts?.counts[k]) })),
    { key: 'history', label: t.alerts.history },
  ];

  return (
    <>
      <PageHead title={t.alerts.title} sub={t.alerts.sub}
        extra={can('manager') && <Button icon={<ReloadOutlined />} loading={busy} onClick={refresh} data-testid="alerts-refresh">{t.alerts.refresh}</Button>} />
      <Card>
        <Tabs activeKey={tab} onChange={setTab} items={items} data-testid="alert-tabs" />
        {tab === 'history'
          ? <History version={version} />
          : <OpenAlerts kind={tab} canAct={can('staff')} version={version} onChange={onChange} />}
      </Card>
    </>
  );
}
