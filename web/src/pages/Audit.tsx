// 감사 로그 (master only): every change with who and when, filtered by member, kind and
// period, exported as CSV or Excel (both made by the server with the same filters).
import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type AuditEntry, type List, type User } from '../api';
import { t } from '../i18n';
import { num, when } from '../format';
import { PageHead, usePaged, useShowError } from '../util';

const KIND_COLOR: Record<string, string> = { session: 'default', user: 'gold', product: 'blue', supplier: 'cyan', movement: 'green', import: 'purple' };

function short(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** "name: 냄비 → 스텐 냄비, role: staff → manager" from the before/after objects. */
export function changes(a: AuditEntry): string {
  if (a.summary) return a.summary;
  const b = (a.before && typeof a.before === 'object' ? a.before : {}) as Record<string, unknown>;
  const af = (a.after && typeof a.after === 'object' ? a.after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(af)])];
  const parts: string[] = [];
  for (const k of keys) {
    const x = short(b[k]), y = short(af[k]);
    if (x === y) continue;
    parts.push(k in b && k in af ? `${k}: ${x} → ${y}` : k in af ? `${k}: ${y}` : `${k}: ${x} (삭제)`);
  }
  if (!parts.length && a.after !== null && a.after !== undefined && typeof a.after !== 'object') parts.push(short(a.after));
  return parts.join(', ');
}

export default function Audit() {
  const [members, setMembers] = useState<User[]>([]);
  const [userId, setUserId] = useState<number>();
  const [kind, setKind] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const showError = useShowError();
  const query = { user_id: userId, kind, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
  const list = usePaged<AuditEntry>('/api/audit', query);

  useEffect(() => {
    api.get<List<User>>('/api/users', { limit: 1000 }).then((r) => setMembers(r.items || [])).catch(() => setMembers([]));
  }, []);

  const kindOptions = [
    ...Object.entries(t.audit.groups).map(([value, label]) => ({ value, label: `${label} (전체)` })),
    ...Object.entries(t.audit.kinds).map(([value, label]) => ({ value, label })),
  ];

  const columns: ColumnsType<AuditEntry> = [
    { title: t.audit.at, key: 'at', width: 150, render: (_: unknown, a) => <span className="num">{when(a.at || a.created_at)}</span> },
    { title: t.audit.member, key: 'user', width: 140, ellipsis: true, render: (_: unknown, a) => a.user?.name || members.find((m) => m.id === a.user_id)?.name || '-' },
    { title: t.audit.kind, dataIndex: 'kind', width: 150, render: (v: string) => (
      <Tag color={KIND_COLOR[v.split('.')[0]] || 'default'} title={v}>{t.audit.kinds[v] || v}</Tag>) },
    { title: t.audit.entity, key: 'entity', width: 150, render: (_: unknown, a) => a.entity ? <span>{a.entity} <span className="sku">{a.entity_id ?? ''}</span></span> : '-' },
    { title: t.audit.summary, key: 'summary', render: (_: unknown, a) => (
      <Typography.Text type="secondary" ellipsis={{ tooltip: true }} style={{ maxWidth: 520 }}>{changes(a)}</Typography.Text>) },
    { title: t.audit.ip, dataIndex: 'ip', width: 120, render: (v?: string) => <span className="num muted">{v || '-'}</span> },
  ];

  return (
    <>
      <PageHead title={t.audit.title} sub={t.common.total(num(list.total))} extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => api.download('/api/audit.csv', query, 'audit.csv').catch(showError)}>{t.audit.exportCsv}</Button>
          <Button icon={<FileExcelOutlined />} onClick={() => api.download('/api/audit.xlsx', query, 'audit.xlsx').catch(showError)}>{t.audit.exportXlsx}</Button>
        </Space>
      } />
      <Card styles={{ body: { padding: 16 } }}>
        <div className="filters">
          <Select allowClear showSearch optionFilterProp="label" placeholder={t.audit.member} value={userId} onChange={setUserId} style={{ width: 150 }}
            options={members.map((m) => ({ value: m.id, label: m.name || m.login }))} />
          <Select allowClear showSearch optionFilterProp="label" placeholder={t.audit.kindPlaceholder} value={kind} onChange={setKind} style={{ width: 200 }} options={kindOptions} />
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} format="YYYY-MM-DD" style={{ width: 260 }} />
        </div>
        <Table<AuditEntry> rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={list.pagination} scroll={{ x: 1000 }} data-testid="audit-table" />
      </Card>
    </>
  );
}
