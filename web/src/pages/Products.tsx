// Product list: search, filters (category, supplier, set/single, status, low stock),
// server-side sorting and paging (fast at 500+ products), create, xlsx export/import.
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Checkbox, Grid, Input, List, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { api, ApiError, type Product } from '../api';
import { t } from '../i18n';
import { num } from '../format';
import { useAuth } from '../auth';
import { PageHead, useCategories, useDebounced, useManufacturers, usePaged, useShowError, useSuppliers } from '../util';
import ProductForm from '../components/ProductForm';

export function StockBadge({ p }: { p: Pick<Product, 'on_hand' | 'safety_stock'> }) {
  if (p.on_hand <= 0) return <Tag color="red">{t.product.soldOut}</Tag>;
  if (p.safety_stock && p.on_hand < p.safety_stock) return <Tag color="orange">{t.product.nearSoldOut}</Tag>;
  return null;
}

export default function Products() {
  const nav = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const { can } = useAuth();
  const { message } = App.useApp();
  const showError = useShowError();
  const cats = useCategories();
  const makers = useManufacturers();
  const [suppliers] = useSuppliers();
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') || '');
  // The header's quick search lands here with ?q=.
  useEffect(() => { const v = params.get('q'); if (v !== null) setQ(v); }, [params]);
  const dq = useDebounced(q, 300);
  const [category, setCategory] = useState<string>();
  const [manufacturer, setManufacturer] = useState<string>();
  const [supplierId, setSupplierId] = useState<number>();
  const [kind, setKind] = useState<string>();
  const [status, setStatus] = useState('active');
  const [lowStock, setLowStock] = useState(false);
  const [sort, setSort] = useState('sku');
  const [formOpen, setFormOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const list = usePaged<Product>('/api/products', { q: dq, category, manufacturer, supplier_id: supplierId, kind, status, low_stock: lowStock ? 1 : undefined, sort }, 50, '개');

  const sortOrder = (col: string) => (sort === col ? 'ascend' : sort === `-${col}` ? 'descend' : null);
  const columns: ColumnsType<Product> = [
    { title: t.product.sku, dataIndex: 'sku', key: 'sku', sorter: true, sortOrder: sortOrder('sku'), width: 130, fixed: 'left',
      render: (v: string) => <span className="sku">{v}</span> },
    { title: t.product.name, dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrder('name'), ellipsis: true,
      render: (v: string, p) => (
        <Space size={6}>
          <Typography.Text strong={p.active} type={p.active ? undefined : 'secondary'}>{v}</Typography.Text>
          {p.kind === 'set' && <Tag color="purple">{t.product.set}</Tag>}
          {!p.active && <Tag>{t.product.statusInactive}</Tag>}
        </Space>
      ) },
    { title: t.product.category, dataIndex: 'category', key: 'category', sorter: true, sortOrder: sortOrder('category'), width: 100,
      render: (v?: string) => v || <span className="muted">-</span> },
    { title: t.product.manufacturer, dataIndex: 'manufacturer', key: 'manufacturer', sorter: true, sortOrder: sortOrder('manufacturer'), width: 100, ellipsis: true,
      render: (v?: string) => v || <span className="muted">-</span> },
    { title: t.product.supplier, dataIndex: 'supplier', key: 'supplier', width: 100, ellipsis: true, render: (v?: string) => v || <span className="muted">-</span> },
    { title: t.product.onHand, dataIndex: 'on_hand', key: 'on_hand', sorter: true, sortOrder: sortOrder('on_hand'), align: 'right', width: 150,
      render: (v: number, p) => <Space size={4}><StockBadge p={p} /><b className="num">{num(v)}</b></Space> },
    { title: t.product.safetyStock, dataIndex: 'safety_stock', key: 'safety_stock', align: 'right', width: 80, render: (v?: number) => <span className="num">{num(v)}</span> },
    { title: t.product.leadTime, dataIndex: 'lead_time_days', key: 'lead', align: 'right', width: 80,
      render: (v?: number, p?: Product) => v == null ? '-' : <span className="num" title={p?.lead_time_source === 'supplier' ? t.product.leadTimeFromSupplier : undefined}>{num(v)}일</span> },
    { title: t.product.moqShort, dataIndex: 'moq', key: 'moq', align: 'right', width: 70, render: (v?: number) => <span className="num">{num(v)}</span> },
  ];

  const onTable = (_p: unknown, _f: unknown, s: SorterResult<Product> | SorterResult<Product>[]) => {
    const one = Array.isArray(s) ? s[0] : s;
    if (!one || !one.order) { setSort('sku'); return; }
    const key = String(one.columnKey || one.field);
    setSort(one.order === 'descend' ? `-${key}` : key);
  };

  const exportXlsx = () => api.download('/api/products.xlsx', { q: dq, category, manufacturer, supplier_id: supplierId, kind, status, low_stock: lowStock ? 1 : undefined }, 'products.xlsx').catch(showError);

  const importFile = async (file: File) => {
    setImportErrors([]);
    try {
      await api.upload('/api/products/import', file);
      void message.success(t.product.imported);
      setImportOpen(false);
      list.reload();
    } catch (e) {
      if (e instanceof ApiError && e.details.length) {
        // Row problems carry a message; a file refusal's details (missing_column: the sheet
        // and headers found) are already in the error's own message.
        const rows = e.details as { row?: number; column?: string; field?: string; message?: string }[];
        setImportErrors(rows.filter((r) => r.message).map((r) =>
          [r.row ? `${r.row}행` : '', r.column || r.field || '', r.message || ''].filter(Boolean).join(' · ')));
      }
      showError(e);
    }
    return false;
  };

  return (
    <>
      <PageHead title={t.product.list} sub={t.common.count(num(list.total), '개')} extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={exportXlsx}>{t.product.exportXlsx}</Button>
          {can('manager') && (
            <>
              <Button icon={<FileExcelOutlined />} onClick={() => { setImportErrors([]); setImportOpen(true); }} className="hide-sm">{t.product.importXlsx}</Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormOpen(true)} data-testid="product-new">{t.product.new}</Button>
            </>
          )}
        </Space>
      } />
      <Card styles={{ body: { padding: 16 } }}>
        <div className="filters">
          <Input allowClear prefix={<SearchOutlined />} placeholder={t.product.searchPlaceholder} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 260 }} data-testid="product-search" />
          <Select allowClear placeholder={t.product.category} value={category} onChange={setCategory} style={{ width: 150 }} options={cats.map((c) => ({ value: c, label: c }))} />
          <Select allowClear showSearch optionFilterProp="label" placeholder={t.product.manufacturer} value={manufacturer} onChange={setManufacturer} style={{ width: 150 }} options={makers.map((m) => ({ value: m, label: m }))} data-testid="filter-manufacturer" />
          <Select allowClear showSearch optionFilterProp="label" placeholder={t.product.supplier} value={supplierId} onChange={setSupplierId} style={{ width: 150 }} options={suppliers.map((s) => ({ value: s.id, label: s.name }))} />
          <Select allowClear placeholder={`${t.product.set}/${t.product.single}`} value={kind} onChange={setKind} style={{ width: 120 }}
            options={[{ value: 'single', label: t.product.single }, { value: 'set', label: t.product.set }]} />
          <Select value={status} onChange={setStatus} style={{ width: 120 }}
            options={[{ value: 'active', label: t.product.statusActive }, { value: 'inactive', label: t.product.statusInactive }, { value: 'all', label: t.product.statusAll }]} />
          <Checkbox checked={lowStock} onChange={(e) => setLowStock(e.target.checked)}>{t.product.lowStock}</Checkbox>
        </div>
        {phone ? (
          <List<Product>
            dataSource={list.items} loading={list.loading} data-testid="product-list"
            pagination={{ ...list.pagination, showSizeChanger: false, size: 'small', align: 'center' }}
            renderItem={(p) => (
              <List.Item onClick={() => nav(`/products/${encodeURIComponent(p.sku)}`)} style={{ cursor: 'pointer', paddingInline: 4 }}>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <div style={{ display: 'flex', gap: 6, alignItems: 'center', minWidth: 0 }}>
                    <Typography.Text strong ellipsis style={{ minWidth: 0 }}>{p.name}</Typography.Text>
                    {p.kind === 'set' && <Tag color="purple">{t.product.set}</Tag>}
                  </div>
                  <div className="muted" style={{ fontSize: 12 }}><span className="sku">{p.sku}</span>{p.category ? ` · ${p.category}` : ''}{p.supplier ? ` · ${p.supplier}` : ''}</div>
                </div>
                <div style={{ textAlign: 'right', flex: 'none', marginInlineStart: 8 }}>
                  <div><b className="num" style={{ fontSize: 16 }}>{num(p.on_hand)}</b><span className="muted">개</span></div>
                  <StockBadge p={p} />
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<Product>
          rowKey="sku" size="middle" columns={columns} dataSource={list.items} loading={list.loading}
          pagination={{ ...list.pagination, size: 'default' }} onChange={onTable} scroll={{ x: 1000 }}
          onRow={(p) => ({ onClick: () => nav(`/products/${encodeURIComponent(p.sku)}`), style: { cursor: 'pointer' } })}
          data-testid="product-table"
          />
        )}
      </Card>
      <ProductForm open={formOpen} onClose={() => setFormOpen(false)}
        onSaved={(p) => { setFormOpen(false); nav(`/products/${encodeURIComponent(p.sku)}`); }} />
      <Modal open={importOpen} title={t.product.importXlsx} footer={null} onCancel={() => setImportOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t.product.importHelp}</Typography.Paragraph>
        <Upload.Dragger accept=".xlsx" multiple={false} showUploadList={false} beforeUpload={(f) => { void importFile(f); return false; }}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">{t.template.drop}</p>
        </Upload.Dragger>
        {importErrors.length > 0 && (
          <ul style={{ color: '#cf1322', marginTop: 12, maxHeight: 240, overflow: 'auto' }}>
            {importErrors.map((m, i) => <li key={i}>{m}</li>)}
          </ul>
        )}
      </Modal>
    </>
  );
}
