// 감사 로그 (master only): every change with who and when, filtered by member, kind and
// period, exported as CSV or Excel (both made by the server with the same filters and the
// same Korean wording as this screen).
import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type AuditChange, type AuditEntry, type List, type User } from '../api';
import { t } from '../i18n';
import { num, when } from '../format';
import { PageHead, usePaged, useShowError } from '../util';

const KIND_COLOR: Record<string, string> = { session: 'default', user: 'gold', product: 'blue', supplier: 'cyan', movement: 'green', import: 'purple', org: 'magenta', event: 'orange' };

/**
 * What happened, as the server words it (src/audit_text.c renders every kind, and the
 * CSV/Excel exports carry the same text): the summary, then each changed field with the
 * old value struck through; long lists fold after 6.
 */
function Summary({ a }: { a: AuditEntry }) {
  const list = a.changes || [];
  const shown = list.slice(0, 6);
  const line = (c: AuditChange) => (c.before !== null && c.after !== null ? `${c.label}: ${c.before} → ${c.after}`
    : c.after !== null ? `${c.label}: ${c.after}` : `${c.label}: ${c.before} (${t.audit.removed})`);
  const title = [a.summary, ...list.map(line)].filter(Boolean).join('\n');
  if (!a.summary && !list.length) return <span className="muted">-</span>;
  return (
    <div className="audit-diff" title={title} data-testid="audit-diff">
      {a.summary && <div className="audit-summary" data-testid="audit-summary">{a.summary}</div>}
      {shown.map((c) => (
        <div key={c.field} className="audit-diff-row">
          <b>{c.label}</b>{': '}
          {c.before !== null && c.after !== null && <><del>{c.before}</del> <span className="muted">→</span> <ins>{c.after}</ins></>}
          {c.before === null && <ins>{c.after}</ins>}
          {c.after === null && <><del>{c.before}</del> <span className="muted">({t.audit.removed})</span></>}
        </div>
      ))}
      {list.length > shown.length && <div className="muted">{t.audit.more(String(list.length - shown.length))}</div>}
    </div>
  );
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

  // The kinds the server writes, grouped by what they touch; a group's first entry is the
  // prefix ("user.") which the server's kind filter matches as every kind of that group.
  const kindOptions = Object.entries(t.audit.groups).map(([group, label]) => ({
    label,
    options: [
      { value: `${group}.`, label: `${label} ${t.common.all}` },
      ...Object.entries(t.audit.kinds).filter(([k]) => k.startsWith(`${group}.`)).map(([value, l]) => ({ value, label: l })),
    ],
  }));

  const columns: ColumnsType<AuditEntry> = [
    { title: t.audit.at, key: 'at', width: 150, render: (_: unknown, a) => <span className="num">{when(a.at || a.created_at)}</span> },
    { title: t.audit.member, key: 'user', width: 140, ellipsis: true, render: (_: unknown, a) => a.user?.name || members.find((m) => m.id === a.user_id)?.name || '-' },
    { title: t.audit.kind, dataIndex: 'kind', width: 140, render: (v: string, a) => (
      <Tag color={KIND_COLOR[v.split('.')[0]] || 'default'}>{a.label || t.audit.kinds[v] || v}</Tag>) },
    { title: t.audit.entity, key: 'target', width: 200, render: (_: unknown, a) => (a.target ? <span className="audit-target">{a.target}</span> : '-') },
    { title: t.audit.summary, key: 'summary', render: (_: unknown, a) => <Summary a={a} /> },
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
          <Select allowClear showSearch optionFilterProp="label" placeholder={t.audit.kindPlaceholder} value={kind} onChange={setKind} style={{ width: 200 }} options={kindOptions} data-testid="audit-kind" />
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} format="YYYY-MM-DD" style={{ width: 260 }} />
        </div>
        <Table<AuditEntry> rowKey="id" size="small" columns={columns} dataSource={list.items} loading={list.loading} pagination={list.pagination} scroll={{ x: 1000 }} data-testid="audit-table" />
      </Card>
    </>
  );
}
