// 감사 로그 (master only): every change with who and when, filtered by member, kind and
// period, exported as CSV or Excel (both made by the server with the same filters).
import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type AuditEntry, type List, type User } from '../api';
import { t } from '../i18n';
import { num, when } from '../format';
import { PageHead, usePaged, useShowError } from '../util';

const KIND_COLOR: Record<string, string> = { session: 'default', user: 'gold', product: 'blue', supplier: 'cyan', movement: 'green', import: 'purple', org: 'magenta' };

// Keys that change on every save and say nothing to a seller.
const NOISE = new Set(['updated_at', 'created_at', 'id', 'org_id']);

/** One value in Korean words: roles, yes/no, login-failure reasons; lists and objects compactly. */
function show(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return t.audit.none;
  if (typeof v === 'boolean') return v ? t.common.yes : t.common.no;
  if (key === 'role' && typeof v === 'string') return t.role[v] || v;
  if (key === 'reason' && typeof v === 'string') return t.audit.reasons[v] || v;
  if (key === 'type' && typeof v === 'string') return (t.movement as unknown as Record<string, string>)[v] || v;
  if (typeof v === 'number') return v.toLocaleString('ko-KR');
  if (Array.isArray(v)) {
    return v.map((x) => (x && typeof x === 'object'
      ? Object.values(x as Record<string, unknown>).map((y) => String(y)).join(' ')
      : String(x))).join(', ') || t.audit.none;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export interface Change { key: string; label: string; before?: string; after?: string; kind: 'changed' | 'added' | 'removed' }

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The keys whose values differ between before and after, each as readable text. */
export function changes(a: AuditEntry): Change[] {
  const b = asObject(a.before), af = asObject(a.after);
  const out: Change[] = [];
  const label = (k: string) => t.audit.fields[k] || k;
  if (!b && !af) {
    // Older entries may carry a plain value or a summary instead of objects.
    const v = a.after ?? a.before ?? a.summary ?? a.detail;
    if (v !== null && v !== undefined && v !== '') out.push({ key: '', label: '', after: show('', v), kind: 'added' });
    return out;
  }
  const keys = [...new Set([...Object.keys(b || {}), ...Object.keys(af || {})])].filter((k) => !NOISE.has(k));
  for (const k of keys) {
    const inB = !!b && k in b, inA = !!af && k in af;
    const x = inB ? JSON.stringify(b![k]) : undefined, y = inA ? JSON.stringify(af![k]) : undefined;
    if (inB && inA && x === y) continue;
    if (inB && inA) out.push({ key: k, label: label(k), before: show(k, b![k]), after: show(k, af![k]), kind: 'changed' });
    else if (inA) {
      // A new record's empty fields say nothing; only what was filled in is listed.
      const v = af![k];
      if (v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
      out.push({ key: k, label: label(k), after: show(k, v), kind: 'added' });
    }
    else out.push({ key: k, label: label(k), before: show(k, b![k]), kind: 'removed' });
  }
  return out;
}

/** "이름: 냄비 → 스텐 냄비" lines, the old value struck through; long lists fold after 6. */
function Diff({ a }: { a: AuditEntry }) {
  const list = changes(a);
  if (!list.length) return <span className="muted">-</span>;
  const shown = list.slice(0, 6);
  const text = list.map((c) => (c.kind === 'changed' ? `${c.label}: ${c.before} → ${c.after}` : c.kind === 'added' ? `${c.label}: ${c.after}` : `${c.label}: ${c.before} (${t.audit.removed})`)).join('\n');
  return (
    <div className="audit-diff" title={text} data-testid="audit-diff">
      {shown.map((c, i) => (
        <div key={c.key || i} className="audit-diff-row">
          {c.label && <b>{c.label}</b>}{c.label && ': '}
          {c.kind === 'changed' && <><del>{c.before}</del> <span className="muted">→</span> <ins>{c.after}</ins></>}
          {c.kind === 'added' && <ins>{c.after}</ins>}
          {c.kind === 'removed' && <><del>{c.before}</del> <span className="muted">({t.audit.removed})</span></>}
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
    { title: t.audit.kind, dataIndex: 'kind', width: 150, render: (v: string) => (
      <Tag color={KIND_COLOR[v.split('.')[0]] || 'default'} title={v}>{t.audit.kinds[v] || v}</Tag>) },
    { title: t.audit.entity, key: 'entity', width: 150, render: (_: unknown, a) => a.entity ? <span>{t.audit.groups[a.entity] || a.entity} <span className="sku">{a.entity_id ?? ''}</span></span> : '-' },
    { title: t.audit.summary, key: 'summary', render: (_: unknown, a) => (
      <Diff a={a} />) },
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
