// The ledger table used on the product page, the 입출고 내역 page and an upload's detail:
// who, when, source, signed quantity, the whole memo, and 되돌리기 (a reversal) for
// managers, or for staff on their own hand-recorded movements of today.
import { App, Button, Grid, List, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { WarningOutlined } from '@ant-design/icons';
import { api, type Movement } from '../api';
import { t } from '../i18n';
import { day, num, signed, todayKst, when } from '../format';
import { useAuth } from '../auth';
import { REVERSE_ANY_ROLE } from '../access';
import { MovementTag, useShowError } from '../util';

// The memo column keeps room for a sentence; a longer memo wraps onto more lines. The
// table scrolls sideways only below the sum of the columns' widths (670, 890 with the
// product column, plus the memo and the 되돌리기 button).
const MEMO_WIDTH = 260;

interface Props {
  items: Movement[];
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  showSku?: boolean;
  onChanged?: () => void;
}

export default function MovementTable({ items, loading, pagination, showSku, onChanged }: Props) {
  const { can, user } = useAuth();
  const phone = !Grid.useBreakpoint().md;
  const { message } = App.useApp();
  const showError = useShowError();

  const reverse = async (m: Movement) => {
    try {
      const r = await api.post<{ on_hand: number }>(`/api/movements/${m.id}/reverse`, {});
      void message.success(t.movement.reversed(num(r.on_hand)));
      onChanged?.();
    } catch (e) { showError(e); }
  };

  // What the server allows (POST /api/movements/{id}/reverse): a manager any movement that
  // is not a reversal, not already reversed and not one row of a set's explosion; staff
  // only their own, recorded by hand today (KST).
  const mayReverse = (m: Movement) => m.type !== 'reversal' && !m.reversed_by && !m.set_sku && (can(REVERSE_ANY_ROLE)
    || (can('staff') && m.user?.id === user?.id && m.source === 'manual' && day(m.created_at) === todayKst()));

  const columns: ColumnsType<Movement> = [
    { title: t.movement.date, dataIndex: 'date', width: 110, render: (v: string) => <span className="num">{day(v)}</span> },
    ...(showSku ? [{
      title: t.movement.product, dataIndex: 'sku', width: 220, ellipsis: true,
      render: (v: string, m: Movement) => <Link to={`/products/${encodeURIComponent(v)}`}><span className="sku">{v}</span>{m.name ? ` · ${m.name}` : ''}</Link>,
    }] : []),
    { title: t.movement.type, dataIndex: 'type', width: 80, render: (v: string) => <MovementTag type={v} /> },
    { title: t.movement.qty, dataIndex: 'qty', align: 'right', width: 100,
      render: (v: number) => <b className={`num ${v > 0 ? 'qty-in' : v < 0 ? 'qty-out' : ''}`}>{signed(v)}</b> },
    { title: t.movement.source, dataIndex: 'source', width: 110, render: (v: string, m) => (
      <Space size={4} wrap>
        <span>{t.movement.sources[v] || v}</span>
        {m.set_sku && <Tag color="purple">{t.movement.fromSet(m.set_sku)}</Tag>}
      </Space>) },
    { title: t.movement.member, key: 'user', width: 130, ellipsis: true, render: (_: unknown, m) => m.user?.name || <span className="muted">-</span> },
    { title: t.movement.memo, dataIndex: 'memo', width: MEMO_WIDTH, render: (v: string | null, m) => (
      <Space size={4} wrap className="memo-cell">
        {m.reverses && <Tag>{t.movement.reverses(String(m.reverses))}</Tag>}
        {m.reversed_by && <Tag color="default">{t.movement.reversedBy(String(m.reversed_by))}</Tag>}
        {m.lot && <Tag>{t.movement.lot} {m.lot}</Tag>}
        {m.expiry && <Tag color="gold">{t.movement.expiry} {day(m.expiry)}</Tag>}
        {m.expiry_unknown && <Tooltip title={t.movement.expiryUnknownTag}><Tag color="orange" icon={<WarningOutlined />}>{t.movement.expiryUnknown}</Tag></Tooltip>}
        <Typography.Text type="secondary">{v || ''}</Typography.Text>
      </Space>) },
    { title: t.movement.createdAt, dataIndex: 'created_at', width: 140, render: (v: string) => <span className="num muted">{when(v)}</span> },
  ];
  const reversible = can('staff') && items.some(mayReverse);
  if (reversible) {
    // The last column sits at the table's right edge: the confirmation opens to the left of
    // its button so that it stays on screen, and the button says what it does (no tooltip
    // over it).
    columns.push({
      title: '', key: 'act', width: 96, fixed: phone ? undefined : 'right', render: (_: unknown, m) =>
        mayReverse(m) ? (
          <Popconfirm title={t.movement.reverseTitle} description={t.movement.reverseConfirm} placement="topRight"
            okText={t.movement.reverse} cancelText={t.common.cancel} onConfirm={() => reverse(m)}
            overlayStyle={{ maxWidth: 320 }}>
            <Button size="small" type="link" data-testid="movement-reverse">{t.movement.reverse}</Button>
          </Popconfirm>
        ) : null,
    });
  }
  if (phone) {
    // On a phone a card per movement reads better than a sideways-scrolling table.
    return (
      <List<Movement>
        dataSource={items} loading={loading} data-testid="movement-table" locale={{ emptyText: t.product.noHistory }}
        pagination={pagination ? { current: pagination.current, pageSize: pagination.pageSize, total: pagination.total, onChange: pagination.onChange, showSizeChanger: false, size: 'small', align: 'center' } : false}
        renderItem={(m) => (
          <List.Item style={{ paddingInline: 12 }}>
            <div style={{ minWidth: 0, flex: 1 }}>
              <Space size={6}>
                <MovementTag type={m.type} />
                <span className="num">{day(m.date)}</span>
                {m.set_sku && <Tag color="purple">{t.movement.fromSet(m.set_sku)}</Tag>}
              </Space>
              {showSku && (
                <div style={{ marginTop: 2 }}>
                  <Link to={`/products/${encodeURIComponent(m.sku)}`}><span className="sku">{m.sku}</span>{m.name ? ` · ${m.name}` : ''}</Link>
                </div>
              )}
              <div className="muted" style={{ fontSize: 12, marginTop: 2 }}>
                {[m.user?.name, t.movement.sources[m.source] || m.source, m.memo].filter(Boolean).join(' · ')}
              </div>
              {m.expiry_unknown && <Tag color="orange" icon={<WarningOutlined />} style={{ marginTop: 4 }}>{t.movement.expiryUnknown}</Tag>}
            </div>
            <b className={`num ${m.qty > 0 ? 'qty-in' : m.qty < 0 ? 'qty-out' : ''}`} style={{ fontSize: 16, marginInlineStart: 8 }}>{signed(m.qty)}</b>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Movement> rowKey="id" size="small" columns={columns} dataSource={items} loading={loading}
      pagination={pagination} scroll={{ x: (showSku ? 890 : 670) + MEMO_WIDTH + (reversible ? 96 : 0) }} data-testid="movement-table"
      locale={{ emptyText: t.product.noHistory }}
      rowClassName={(m) => (m.reversed_by ? 'muted' : '')}
    />
  );
}
