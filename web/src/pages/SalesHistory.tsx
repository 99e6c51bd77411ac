// 판매 이력: upload past sales (일자, SKU, 출고 수량) for the forecasts, read the preview
// (problems highlighted by row, totals per product and what the file replaces), apply it,
// and undo an applied upload from the list. Stock and 입출고 내역 never change here.
// Managers and masters upload, apply and undo; everyone else reads the list.
import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Col, Popconfirm, Row, Space, Spin, Statistic, Table, Tabs, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { api, ApiError, type SalesHistoryBatch, type SalesHistoryProblem, type SalesHistoryProduct } from '../api';
import { t } from '../i18n';
import { num, when } from '../format';
import { useAuth } from '../auth';
import { PageHead, usePaged, useShowError } from '../util';

const w = t.salesHistory;
const STATUS_COLOR: Record<string, string> = { previewed: 'blue', applied: 'green', undone: 'default' };

function StatusTag({ s }: { s: string }) {
  return <Tag color={STATUS_COLOR[s] || 'default'}>{w.statuses[s] || s}</Tag>;
}

function period(b: SalesHistoryBatch): string {
  return b.period.first ? `${b.period.first} ~ ${b.period.last}` : '-';
}

/** One upload's preview: counts, problems (error rows red, warnings yellow), per-product totals. */
function Preview({ batch, canApply, applying, onApply }: { batch: SalesHistoryBatch; canApply: boolean; applying: boolean; onApply: () => void }) {
  const s = batch.summary;
  const problems = batch.problems || [];
  const probCols: ColumnsType<SalesHistoryProblem> = [
    { title: w.row, dataIndex: 'row', width: 80, align: 'right', render: (v: number) => (v ? <span className="num">{v}</span> : <span className="muted">{t.template.wholeFile}</span>) },
    { title: '', dataIndex: 'severity', width: 70, render: (v: string) => <Tag color={v === 'error' ? 'red' : 'orange'}>{v === 'error' ? w.errors : w.warnings}</Tag> },
    { title: w.message, dataIndex: 'message' },
  ];
  const prodCols: ColumnsType<SalesHistoryProduct> = [
    { title: w.sku, dataIndex: 'sku', width: 130, render: (v: string, p) => <Space size={4}><span className="sku">{v}</span>{p.is_set && <Tag>{w.set}</Tag>}</Space> },
    { title: w.name, dataIndex: 'name', ellipsis: true },
    { title: w.period, key: 'period', width: 200, render: (_: unknown, p) => <span className="num">{p.first_day} ~ {p.last_day}</span> },
    { title: w.days, dataIndex: 'rows', width: 70, align: 'right', render: (v: number) => <span className="num">{num(v)}</span> },
    { title: w.qty, dataIndex: 'qty', width: 100, align: 'right', render: (v: number) => <b className="num">{num(v)}</b> },
    { title: w.replaces, key: 'rep', width: 150, align: 'right', render: (_: unknown, p) => (p.replaces.rows
      ? <Tag color="orange" className="num">{w.replacesText(num(p.replaces.rows), num(p.replaces.qty))}</Tag> : <span className="muted">{w.replacesNone}</span>) },
  ];
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <div data-testid="sales-preview">
      <Row gutter={[12, 12]} className="stat-cards">
        <Col xs={12} md={4}><Card><Statistic title={w.rows} value={s.rows} formatter={(v) => num(Number(v))} /></Card></Col>
        <Col xs={12} md={4}><Card><Statistic title={w.valid} value={s.valid} formatter={(v) => num(Number(v))} valueStyle={{ color: '#15803d' }} /></Card></Col>
        <Col xs={12} md={4}><Card><Statistic title={w.warnings} value={s.warnings} formatter={(v) => num(Number(v))} valueStyle={{ color: s.warnings ? '#d46b08' : undefined }} /></Card></Col>
        <Col xs={12} md={4}><Card><Statistic title={w.errors} value={s.errors} formatter={(v) => num(Number(v))} valueStyle={{ color: s.errors ? '#cf1322' : undefined }} data-testid="sales-errors" /></Card></Col>
        <Col xs={24} md={8}><Card><Statistic title={w.period} value={period(batch)} valueStyle={{ fontSize: 18 }} /></Card></Col>
      </Row>
      {s.errors > 0 && <Alert type="error" showIcon style={{ marginTop: 12 }} message={w.hasErrors} />}
      {batch.status === 'previewed' && !!batch.replaces?.rows && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="sales-replaces"
          message={`${w.replaces}: ${w.replacesText(num(batch.replaces.rows), num(batch.replaces.qty))}`} />
      )}
      <Card style={{ marginTop: 12 }} styles={{ body: { paddingTop: 4 } }}>
        <Tabs defaultActiveKey={problems.length ? 'problems' : 'products'} items={[
          { key: 'problems', label: <span style={{ color: errors ? '#cf1322' : undefined }}>{w.problems} {num(problems.length)}</span>, children: (
            <Table<SalesHistoryProblem> rowKey={(p, i) => `${p.row}-${p.code}-${i}`} size="small" columns={probCols} dataSource={problems}
              rowClassName={(p) => (p.severity === 'error' ? 'row-error' : 'row-warning')} pagination={problems.length > 50 ? { pageSize: 50 } : false}
              data-testid="sales-problems" />) },
          { key: 'products', label: `${w.products} ${num(batch.products?.length || 0)}`, children: (
            <Table<SalesHistoryProduct> rowKey="sku" size="small" columns={prodCols} dataSource={batch.products || []} scroll={{ x: 760 }}
              pagination={(batch.products?.length || 0) > 50 ? { pageSize: 50 } : false} data-testid="sales-products" />) },
          { key: 'rows', label: `${w.day}별 ${num(batch.summary.valid)}`, children: (
            <Table rowKey={(r) => `${r.sku}-${r.day}`} size="small" dataSource={batch.rows || []} pagination={{ pageSize: 50 }}
              columns={[
                { title: w.day, dataIndex: 'day', width: 120, render: (v: string) => <span className="num">{v}</span> },
                { title: w.sku, dataIndex: 'sku', width: 130, render: (v: string) => <span className="sku">{v}</span> },
                { title: w.name, dataIndex: 'name', ellipsis: true },
                { title: w.qty, dataIndex: 'qty', width: 100, align: 'right', render: (v: number) => <span className="num">{num(v)}</span> },
              ]} />) },
        ]} />
        {batch.status === 'previewed' && (
          <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
            <Popconfirm title={w.applyConfirm} okText={w.apply} cancelText={t.common.cancel} onConfirm={onApply} disabled={!canApply || !batch.can_apply}>
              <Button type="primary" icon={<CheckCircleOutlined />} disabled={!canApply || !batch.can_apply} loading={applying} data-testid="sales-apply">{w.apply}</Button>
            </Popconfirm>
          </div>
        )}
      </Card>
    </div>
  );
}

export default function SalesHistory() {
  const { can } = useAuth();
  const manager = can('manager');
  const { message } = App.useApp();
  const showError = useShowError();
  const list = usePaged<SalesHistoryBatch>('/api/sales-history', {}, 20);
  const [batch, setBatch] = useState<SalesHistoryBatch | null>(null);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const open = useCallback(async (id: number) => {
    setRefusal(null);
    try { setBatch(await api.get<SalesHistoryBatch>(`/api/sales-history/${id}`)); } catch (e) { showError(e); }
  }, [showError]);

  const upload = async (file: File) => {
    setUploading(true);
    setBatch(null);
    setRefusal(null);
    try {
      setBatch(await api.upload<SalesHistoryBatch>('/api/sales-history', file));
      list.reload();
    } catch (e) { showError(e); } finally { setUploading(false); }
  };

  const act = async (id: number, what: 'apply' | 'undo') => {
    setBusy(true);
    setRefusal(null);
    try {
      const b = await api.post<SalesHistoryBatch>(`/api/sales-history/${id}/${what}`, {});
      void message.success(what === 'apply' ? w.applied : w.undone);
      if (batch?.id === id) setBatch({ ...batch, ...b });
      list.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setRefusal(e.message);
      else showError(e);
    } finally { setBusy(false); }
  };

  const columns: ColumnsType<SalesHistoryBatch> = [
    { title: w.id, dataIndex: 'id', width: 70, render: (v: number) => <span className="num">#{v}</span> },
    { title: w.file, dataIndex: 'file_name', ellipsis: true, width: 180 },
    { title: w.status, dataIndex: 'status', width: 100, render: (v: string) => <StatusTag s={v} /> },
    { title: w.period, key: 'period', width: 220, render: (_: unknown, b) => <span className="num" style={{ whiteSpace: 'nowrap' }}>{period(b)}</span> },
    { title: w.rows, key: 'rows', width: 150, render: (_: unknown, b) => (
      <Space size={4}>
        <span className="num">{num(b.summary.rows)}</span>
        {b.summary.errors > 0 && <Tag color="red">{w.errors} {num(b.summary.errors)}</Tag>}
        {b.summary.warnings > 0 && <Tag color="orange">{w.warnings} {num(b.summary.warnings)}</Tag>}
      </Space>) },
    { title: w.standing, dataIndex: 'standing_rows', width: 90, align: 'right', render: (v: number) => <span className="num">{num(v)}</span> },
    { title: w.by, key: 'by', width: 100, render: (_: unknown, b) => b.uploaded_by?.name || '-' },
    { title: w.at, dataIndex: 'uploaded_at', width: 150, render: (v: string) => <span className="num" style={{ whiteSpace: 'nowrap' }}>{when(v)}</span> },
    ...(manager ? [{ title: '', key: 'act', width: 110, render: (_: unknown, b: SalesHistoryBatch) => b.status === 'applied' && (
      <span onClick={(e) => e.stopPropagation()}>
        <Popconfirm title={w.undoConfirm} okText={w.undo} okButtonProps={{ danger: true }} cancelText={t.common.cancel} onConfirm={() => act(b.id, 'undo')}>
          <Button size="small" danger icon={<RollbackOutlined />} loading={busy} data-testid={`sales-undo-${b.id}`}>{w.undo}</Button>
        </Popconfirm>
      </span>) }] : []),
  ];

  return (
    <>
      <PageHead title={w.title} sub={w.intro}
        extra={<Button icon={<DownloadOutlined />} onClick={() => api.download('/api/templates/sales-history.csv', undefined, 'sales-history-example.csv').catch(showError)} data-testid="sales-example">{w.example}</Button>} />
      {!manager && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={w.noPermission} />}
      {manager && !batch && (
        <Card style={{ marginBottom: 12 }}>
          <Spin spinning={uploading} tip={w.uploading}><div data-testid="sales-drop">
            <Upload.Dragger className="dropzone" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" multiple={false}
              showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
              <p className="ant-upload-drag-icon"><InboxOutlined /></p>
              <p className="ant-upload-text">{w.drop}</p>
              <p className="ant-upload-hint">{w.dropHint}</p>
            </Upload.Dragger>
          </div></Spin>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{w.rules}</Typography.Paragraph>
        </Card>
      )}
      {batch && (
        <>
          <div className="filters" style={{ justifyContent: 'space-between' }}>
            <Space wrap>
              <Typography.Text>{w.file}: <b>{batch.file_name}</b> <span className="muted">#{batch.id}</span></Typography.Text>
              <StatusTag s={batch.status} />
            </Space>
            <Button icon={<ReloadOutlined />} onClick={() => { setBatch(null); setRefusal(null); }}>{w.another}</Button>
          </div>
          {refusal && <Alert type="warning" showIcon message={refusal} style={{ marginBottom: 12 }} data-testid="sales-refusal" />}
          <Preview batch={batch} canApply={manager} applying={busy} onApply={() => act(batch.id, 'apply')} />
        </>
      )}
      <Card title={w.batches} style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
        <Table<SalesHistoryBatch> rowKey="id" columns={columns} dataSource={list.items} loading={list.loading} scroll={{ x: 1150 }}
          pagination={{ ...list.pagination, style: { padding: '0 16px' } }} data-testid="sales-batches"
          onRow={(b) => ({ onClick: () => { void open(b.id); }, style: { cursor: 'pointer' } })} />
      </Card>
    </>
  );
}
