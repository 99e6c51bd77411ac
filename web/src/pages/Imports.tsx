// 업로드 내역: past import batches, each with its preview or the movements it made; a
// manager can reverse a whole applied batch, staff can apply one still waiting.
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Drawer, Popconfirm, Select, Skeleton, Space, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { RollbackOutlined } from '@ant-design/icons';
import { api, type ImportBatch } from '../api';
import { t } from '../i18n';
import { num, when } from '../format';
import { useAuth } from '../auth';
import { PageHead, usePaged, useShowError } from '../util';
import ImportPreviewView, { previewOf } from '../components/ImportPreviewView';
import MovementTable from '../components/MovementTable';

const STATUS_COLOR: Record<string, string> = { preview: 'blue', applied: 'green', reversed: 'default', rejected: 'red' };

function StatusTag({ s }: { s?: string }) {
  return <Tag color={STATUS_COLOR[s || ''] || 'default'}>{t.imports.statuses[s || ''] || s}</Tag>;
}

export default function Imports() {
  const { id } = useParams();
  const nav = useNavigate();
  const { can } = useAuth();
  const [status, setStatus] = useState<string>();
  const list = usePaged<ImportBatch>('/api/imports', { status }, 20);
  const [detail, setDetail] = useState<ImportBatch | null>(null);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const showError = useShowError();

  useEffect(() => {
    setDetail(null);
    if (!id) return;
    api.get<ImportBatch>(`/api/imports/${encodeURIComponent(id)}`).then(setDetail).catch((e) => { showError(e); nav('/imports'); });
  }, [id, nav, showError]);

  const act = async (what: 'apply' | 'reverse') => {
    if (!detail) return;
    setBusy(true);
    try {
      await api.post(`/api/imports/${detail.id}/${what}`, {});
      void message.success(what === 'apply' ? t.template.applied : t.imports.reversed);
      setDetail(await api.get<ImportBatch>(`/api/imports/${detail.id}`));
      list.reload();
    } catch (e) { showError(e); } finally { setBusy(false); }
  };

  const columns: ColumnsType<ImportBatch> = [
    { title: t.imports.id, dataIndex: 'id', width: 70, render: (v: number) => <span className="num">#{v}</span> },
    { title: t.imports.file, dataIndex: 'file_name', ellipsis: true },
    { title: t.imports.status, dataIndex: 'status', width: 110, render: (v: string) => <StatusTag s={v} /> },
    { title: t.imports.rows, key: 'rows', width: 190, render: (_: unknown, b) => b.summary ? (
      <Space size={4}>
        <span className="num">{num(b.summary.rows)}</span>
        {b.summary.errors > 0 && <Tag color="red">{t.template.errors} {num(b.summary.errors)}</Tag>}
        {b.summary.warnings > 0 && <Tag color="orange">{t.template.warnings} {num(b.summary.warnings)}</Tag>}
      </Space>) : <span className="num">{num(b.row_count)}</span> },
    { title: t.imports.by, key: 'by', width: 100, render: (_: unknown, b) => b.uploaded_by?.name || '-' },
    { title: t.imports.createdAt, dataIndex: 'uploaded_at', width: 150, render: (v: string) => <span className="num">{when(v)}</span> },
    { title: t.imports.appliedAt, dataIndex: 'applied_at', width: 150, render: (v?: string) => <span className="num">{when(v)}</span> },
  ];

  const pv = detail ? previewOf(detail) : null;
  const hasMoves = !!detail?.movements?.length;

  return (
    <>
      <PageHead title={t.imports.title} sub={t.common.total(num(list.total))} />
      <Card styles={{ body: { padding: 16 } }}>
        <div className="filters">
          <Select allowClear placeholder={t.imports.status} value={status} onChange={setStatus} style={{ width: 150 }}
            options={Object.entries(t.imports.statuses).map(([value, label]) => ({ value, label }))} />
        </div>
        <Table<ImportBatch> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} scroll={{ x: 880 }}
          pagination={list.pagination} data-testid="import-table"
          onRow={(b) => ({ onClick: () => nav(`/imports/${b.id}`), style: { cursor: 'pointer' } })} />
      </Card>
      <Drawer open={!!id} onClose={() => nav('/imports')} width={Math.min(1200, window.innerWidth)} destroyOnHidden
        title={detail ? `${t.imports.detail} #${detail.id}` : t.imports.detail}
        extra={detail && detail.status === 'applied' && can('manager') && (
          <Popconfirm title={t.imports.reverseConfirm} okText={t.imports.reverse} okButtonProps={{ danger: true }} cancelText={t.common.cancel} onConfirm={() => act('reverse')}>
            <Button danger icon={<RollbackOutlined />} loading={busy} data-testid="import-reverse">{t.imports.reverse}</Button>
          </Popconfirm>
        )}>
        {!detail ? <Skeleton active /> : (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t.imports.file}>{detail.file_name}</Descriptions.Item>
              <Descriptions.Item label={t.imports.status}><StatusTag s={detail.status} /></Descriptions.Item>
              <Descriptions.Item label={t.imports.by}>{detail.uploaded_by?.name || '-'}</Descriptions.Item>
              <Descriptions.Item label={t.imports.createdAt}>{when(detail.uploaded_at)}</Descriptions.Item>
              {detail.applied_at && <Descriptions.Item label={t.imports.appliedBy}>{detail.applied_by?.name || '-'} · {when(detail.applied_at)}</Descriptions.Item>}
              {detail.reversed_at && <Descriptions.Item label={t.imports.reversedBy}>{detail.reversed_by?.name || '-'} · {when(detail.reversed_at)}</Descriptions.Item>}
              {detail.movement_count != null && <Descriptions.Item label={t.imports.movementCount}>{num(detail.movement_count)}</Descriptions.Item>}
              <Descriptions.Item label={t.imports.hash}><span className="sku">{(detail.file_hash || '').slice(0, 16)}</span></Descriptions.Item>
            </Descriptions>
            <Tabs defaultActiveKey={hasMoves ? 'moves' : 'preview'} items={[
              ...(hasMoves ? [{ key: 'moves', label: `${t.imports.movements} ${num(detail.movements!.length)}`, children: (
                <MovementTable items={detail.movements!} showSku pagination={detail.movements!.length > 50 ? { pageSize: 50 } : false} />) }] : []),
              ...(pv ? [{ key: 'preview', label: t.imports.preview, children: (
                <ImportPreviewView preview={pv} canApply={can('staff') && detail.status === 'preview'} applying={busy}
                  onApply={detail.status === 'preview' ? () => act('apply') : undefined} />) }] : []),
            ]} />
          </>
        )}
      </Drawer>
    </>
  );
}
