// 입출고 내역: the whole ledger with filters (SKU, kind, source, member, period), and the
// manual 입고/출고/재고 실사 form for staff and above.
import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Input, Select, Space } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type List, type Movement, type User } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { useAuth } from '../auth';
import { PageHead, useDebounced, usePaged } from '../util';
import MovementTable from '../components/MovementTable';
import MovementForm from '../components/MovementForm';

export default function Movements() {
  const { can } = useAuth();
  const [sku, setSku] = useState('');
  const dsku = useDebounced(sku.trim(), 300);
  const [type, setType] = useState<string>();
  const [source, setSource] = useState<string>();
  const [userId, setUserId] = useState<number>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [open, setOpen] = useState(false);
  const [members, setMembers] = useState<Pick<User, 'id' | 'name'>[]>([]);
  const list = usePaged<Movement>('/api/movements', {
    sku: dsku, type, source, user_id: userId,
    from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD'),
  });

  useEffect(() => {
    // Every member's name, for the "who" filter (any role may read it).
    api.get<List<Pick<User, 'id' | 'name'>>>('/api/members', { limit: 1000 }).then((r) => setMembers(r.items || [])).catch(() => setMembers([]));
  }, []);

  return (
    <>
      <PageHead title={t.movement.list} sub={t.common.total(num(list.total))} extra={can('staff') && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{`${t.movement.inbound} · ${t.movement.outbound} 등록`}</Button>
      )} />
      <Card styles={{ body: { padding: 16 } }}>
        <div className="filters">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t.movement.filterSku} value={sku} onChange={(e) => setSku(e.target.value)} style={{ width: 180 }} />
          <Select allowClear placeholder={t.movement.type} value={type} onChange={setType} style={{ width: 110 }}
            options={['inbound', 'outbound', 'adjust', 'reversal'].map((v) => ({ value: v, label: (t.movement as unknown as Record<string, string>)[v] }))} />
          <Select allowClear placeholder={t.movement.source} value={source} onChange={setSource} style={{ width: 130 }}
            options={Object.entries(t.movement.sources).map(([value, label]) => ({ value, label }))} />
          {members.length > 0 && (
            <Select allowClear placeholder={t.movement.member} value={userId} onChange={setUserId} style={{ width: 130 }}
              options={members.map((m) => ({ value: m.id, label: m.name }))} />
          )}
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} format="YYYY-MM-DD" style={{ width: 260 }} />
        </div>
        <Space direction="vertical" style={{ width: '100%' }}>
          <MovementTable items={list.items} loading={list.loading} pagination={list.pagination} showSku onChanged={list.reload} />
        </Space>
      </Card>
      <MovementForm open={open} kind="inbound" onClose={() => setOpen(false)} onDone={() => { setOpen(false); list.reload(); }} />
    </>
  );
}
