// The import preview: summary, errors (red) and warnings (orange) listed apart with their
// row and column, the diff of stock per product, and 적용 (disabled while errors exist).
import { Alert, Button, Card, Col, Popconfirm, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined } from '@ant-design/icons';
import type { ImportBatch, ImportDiff, ImportPreview, ImportProblem } from '../api';
import { t } from '../i18n';
import { num } from '../format';

/** The preview to show for a batch from GET /api/imports/{id} (stored under `preview`). */
export function previewOf(b: ImportBatch): ImportPreview | null {
  if (!b.preview) return null;
  return { ...b.preview, id: b.id, status: b.status, file_name: b.preview.file_name || b.file_name };
}

interface Props {
  preview: ImportPreview;
  canApply: boolean;
  applying?: boolean;
  onApply?: () => void;
}

export default function ImportPreviewView({ preview, canApply, applying, onApply }: Props) {
  const s = preview.summary || { rows: 0, valid: 0, warnings: 0, errors: 0 };
  const problems = preview.problems || [];
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity !== 'error');
  const hasErrors = s.errors > 0 || errors.length > 0 || preview.can_apply === false;
  const applied = preview.status === 'applied' || preview.status === 'reversed';

  const probCols: ColumnsType<ImportProblem> = [
    { title: t.template.row, dataIndex: 'row', width: 90, align: 'right', render: (v: number) => (v ? <span className="num">{num(v)}</span> : <span className="muted">{t.template.wholeFile}</span>) },
    { title: t.template.column, dataIndex: 'column', width: 130 },
    { title: t.template.message, dataIndex: 'message' },
  ];
  const diffCols: ColumnsType<ImportDiff> = [
    { title: 'SKU', dataIndex: 'sku', width: 130, render: (v: string) => <span className="sku">{v}</span> },
    { title: t.product.name, dataIndex: 'name', ellipsis: true },
    { title: t.template.onHand, dataIndex: 'on_hand', align: 'right', width: 100, render: (v: number) => <span className="num">{num(v)}</span> },
    { title: t.template.inbound, dataIndex: 'inbound', align: 'right', width: 90, render: (v: number) => (v ? <span className="num qty-in">+{num(v)}</span> : <span className="muted">0</span>) },
    { title: t.template.outbound, dataIndex: 'outbound', align: 'right', width: 90, render: (v: number) => (v ? <span className="num qty-out">-{num(v)}</span> : <span className="muted">0</span>) },
    { title: t.template.result, dataIndex: 'result', align: 'right', width: 120,
      render: (v: number) => <b className="num" style={{ color: v < 0 ? '#cf1322' : undefined }}>{num(v)}{v < 0 && <Tag color="red" style={{ marginInlineStart: 6 }}>{t.template.negative}</Tag>}</b> },
  ];

  return (
    <div data-testid="import-preview">
      <Row gutter={[12, 12]} className="stat-cards">
        <Col xs={12} md={6}><Card><Statistic title={t.template.rows} value={s.rows} formatter={(v) => num(Number(v))} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={t.template.valid} value={s.valid} formatter={(v) => num(Number(v))} valueStyle={{ color: '#15803d' }} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={t.template.warnings} value={s.warnings} formatter={(v) => num(Number(v))} valueStyle={{ color: s.warnings ? '#d46b08' : undefined }} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={t.template.errors} value={s.errors} formatter={(v) => num(Number(v))} valueStyle={{ color: s.errors ? '#cf1322' : undefined }} data-testid="import-errors" /></Card></Col>
      </Row>
      {hasErrors && <Alert type="error" showIcon style={{ marginTop: 12 }} message={t.template.hasErrors} />}
      <Card style={{ marginTop: 12 }} styles={{ body: { paddingTop: 4 } }}>
        <Tabs defaultActiveKey={errors.length ? 'errors' : warnings.length ? 'warnings' : 'diff'} items={[
          { key: 'errors', label: <span style={{ color: errors.length ? '#cf1322' : undefined }}>{t.template.errors} {num(errors.length)}</span>, children: (
            <>
              <Typography.Text type="danger">{t.template.errorList}</Typography.Text>
              <Table<ImportProblem> rowKey={(p) => `${p.row}-${p.column}-${p.code}-${p.message}`} size="small" columns={probCols} dataSource={errors}
                rowClassName={() => 'row-error'} pagination={errors.length > 20 ? { pageSize: 20 } : false} style={{ marginTop: 8 }} scroll={{ x: 500 }} />
            </>) },
          { key: 'warnings', label: <span style={{ color: warnings.length ? '#d46b08' : undefined }}>{t.template.warnings} {num(warnings.length)}</span>, children: (
            <>
              <Typography.Text style={{ color: '#d46b08' }}>{t.template.warningList}</Typography.Text>
              <Table<ImportProblem> rowKey={(p) => `${p.row}-${p.column}-${p.code}-${p.message}`} size="small" columns={probCols} dataSource={warnings}
                rowClassName={() => 'row-warning'} pagination={warnings.length > 20 ? { pageSize: 20 } : false} style={{ marginTop: 8 }} scroll={{ x: 500 }} />
            </>) },
          { key: 'diff', label: `${t.template.diff} ${num((preview.diff || []).length)}`, children: (
            <Table<ImportDiff> rowKey="sku" size="small" columns={diffCols} dataSource={preview.diff || []} scroll={{ x: 640 }}
              pagination={(preview.diff || []).length > 50 ? { pageSize: 50 } : false} locale={{ emptyText: t.template.noChanges }} />) },
        ]} />
      </Card>
      {onApply && !applied && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginTop: 12 }}>
          <Popconfirm title={t.template.applyConfirm} okText={t.template.apply} cancelText={t.common.cancel} onConfirm={onApply} disabled={hasErrors || !canApply}>
            <Button type="primary" size="large" icon={<CheckCircleOutlined />} disabled={hasErrors || !canApply} loading={applying} data-testid="import-apply">
              {t.template.apply}
            </Button>
          </Popconfirm>
        </div>
      )}
    </div>
  );
}
