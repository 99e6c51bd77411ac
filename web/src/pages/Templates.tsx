// 입출고 엑셀: download the pre-filled template (with filters), drop the filled file,
// read the preview (errors, warnings, diff), then apply. Nothing changes before 적용.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Result, Row, Select, Space, Spin, Steps, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, ApiError, type ImportPreview } from '../api';
import { t } from '../i18n';
import { useAuth } from '../auth';
import { PageHead, useCategories, useShowError, useSuppliers } from '../util';
import ImportPreviewView from '../components/ImportPreviewView';

export default function Templates() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const cats = useCategories();
  const [suppliers] = useSuppliers();
  const [category, setCategory] = useState<string>();
  const [supplierId, setSupplierId] = useState<number>();
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);

  const download = () => api.download('/api/templates/stock.xlsx', { category, supplier_id: supplierId }, 'stock-template.xlsx').catch(showError);

  const upload = async (file: File) => {
    setUploading(true);
    setPreview(null);
    setApplied(false);
    setApplyError(null);
    try {
      setPreview(await api.upload<ImportPreview>('/api/imports', file));
    } catch (e) { showError(e); } finally { setUploading(false); }
  };

  const apply = async () => {
    if (!preview) return;
    setApplying(true);
    setApplyError(null);
    try {
      await api.post(`/api/imports/${preview.id}/apply`, {});
      void message.success(t.template.applied);
      setApplied(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setApplyError(e.message);
      else if (e instanceof ApiError && e.status === 400 && e.fieldErrors().length === 0) setApplyError(e.message);
      else showError(e);
    } finally { setApplying(false); }
  };

  const step = applied ? 4 : preview ? 2 : 0;

  return (
    <>
      <PageHead title={t.template.title} sub={t.template.intro} />
      <Card style={{ marginBottom: 12 }} className="hide-sm">
        <Steps size="small" current={step} responsive items={[
          { title: t.template.step1 }, { title: t.template.step2 }, { title: t.template.step3 }, { title: t.template.step4 },
        ]} />
      </Card>
      {!preview && (
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={9}>
            <Card title={<Space><FileExcelOutlined style={{ color: '#15803d' }} />{t.template.step1}</Space>} style={{ height: '100%' }}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select allowClear placeholder={t.template.filterCategory} value={category} onChange={setCategory} style={{ width: '100%' }} options={cats.map((c) => ({ value: c, label: c }))} />
                <Select allowClear showSearch optionFilterProp="label" placeholder={t.template.filterSupplier} value={supplierId} onChange={setSupplierId} style={{ width: '100%' }}
                  options={suppliers.map((s) => ({ value: s.id, label: s.name }))} />
                <Button type="primary" block icon={<DownloadOutlined />} onClick={download} data-testid="template-download">{t.template.download}</Button>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={15}>
            <Card title={t.template.step2} style={{ height: '100%' }}>
              <Spin spinning={uploading} tip={t.template.uploading}><div data-testid="template-drop">
                <Upload.Dragger className="dropzone" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" multiple={false}
                  showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
                  <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                  <p className="ant-upload-text">{t.template.drop}</p>
                  <p className="ant-upload-hint">{t.template.dropHint}</p>
                </Upload.Dragger>
              </div></Spin>
            </Card>
          </Col>
        </Row>
      )}
      {preview && (
        <>
          <div className="filters" style={{ justifyContent: 'space-between' }}>
            <Typography.Text>{t.template.file}: <b>{preview.file_name}</b> <span className="muted">#{preview.id}</span></Typography.Text>
            <Button icon={<ReloadOutlined />} onClick={() => { setPreview(null); setApplied(false); setApplyError(null); }}>{t.template.another}</Button>
          </div>
          {applyError && <Alert type="warning" showIcon message={applyError} style={{ marginBottom: 12 }} data-testid="apply-error" />}
          {applied ? (
            <Result status="success" title={t.template.applied} subTitle={preview.file_name}
              extra={[<Link key="m" to="/movements"><Button type="primary">{t.nav.movements}</Button></Link>, <Link key="i" to={`/imports/${preview.id}`}><Button>{t.nav.imports}</Button></Link>]} />
          ) : (
            <ImportPreviewView preview={preview} canApply={can('staff')} applying={applying} onApply={apply} />
          )}
        </>
      )}
    </>
  );
}
