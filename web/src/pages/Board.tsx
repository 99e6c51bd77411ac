// 재고 현황, the home screen: headline tiles (오늘 발주할 상품, 리드타임 안에 품절될 상품,
// 과잉 재고, 소비기한 임박, 열린 알림) over every product, then one row per product with its
// planning figures (a table on a desktop, cards on a phone). The filters live in the
// address bar, so a tile click, a reload or a shared link show the same list, and the
// workbook download sends them to the server, which applies the same rules. Figures come
// from GET /api/stock and GET /api/alerts, refetched on live changes (useBoardData).
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Grid, Input, Select, Space, Tag } from 'antd';
import { DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useAuth } from '../auth';
import { COST_ROLE, screenRole } from '../access';
import { t } from '../i18n';
import { when } from '../format';
import { PageHead, useCategories, useShowError } from '../util';
import BoardTiles from '../board/BoardTiles';
import BoardTable from '../board/BoardTable';
import BoardCards from '../board/BoardCards';
import { alertSkuMap, applyFilter, readFilter, shortDay, tileFigures, type BoardFilter, type TileKey } from '../board/rules';
import { useBoardData } from '../board/useBoardData';
import '../board/board.css';

/** The filter as query arguments (address bar and export). */
function filterQuery(f: BoardFilter): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.tile) q.tile = f.tile;
  if (f.category) q.category = f.category;
  if (f.supplier_id) q.supplier_id = String(f.supplier_id);
  if (f.alert) q.alert = f.alert;
  if (f.q) q.q = f.q;
  return q;
}

function ChangeNote({ by, cause }: { by: string | null; cause: string }) {
  const b = t.board;
  return (
    <Tag icon={<SyncOutlined />} color="processing" data-testid="board-changed">
      {b.changed(by || b.system, b.cause[cause] || b.causeOther)}
    </Tag>
  );
}

export default function Board() {
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => readFilter(params), [params]);
  const { can } = useAuth();
  const showMoney = can(COST_ROLE);
  const showError = useShowError();
  const categories = useCategories();
  const { view, alerts, loading, lastChange } = useBoardData();
  const today = view?.date || '';
  const rows = useMemo(() => view?.items ?? [], [view]);

  const figures = useMemo(() => tileFigures(rows, today), [rows, today]);
  const alertSkus = useMemo(() => alertSkuMap(alerts?.alerts ?? []), [alerts]);
  const shown = useMemo(() => applyFilter(rows, filter, today, alertSkus), [rows, filter, today, alertSkus]);
  const suppliers = useMemo(() => {
    const m = new Map<number, string>();
    rows.forEach((r) => { if (r.supplier_id) m.set(r.supplier_id, r.supplier); });
    return [...m].sort((a, b) => a[1].localeCompare(b[1], 'ko'));
  }, [rows]);
  const filterKey = JSON.stringify(filter);

  const setFilter = (f: BoardFilter) => setParams(filterQuery(f), { replace: true });
  const pickTile = (tile: TileKey) => setFilter(filter.tile === tile ? {} : { tile });
  const download = () => {
    api.download('/api/stock', { format: 'xlsx', ...filterQuery(filter) }, `재고 현황-${today}.xlsx`).catch(showError);
  };
  const b = t.board;
  const hasFilter = Object.keys(filterQuery(filter)).length > 0;

  return (
    <div data-testid="board">
      <PageHead title={b.title}
        sub={view ? b.sub(shortDay(view.date), view.run ? b.runOf(when(view.run.finished_at)) : b.noRun) : undefined}
        extra={<Space wrap>
          {lastChange && <ChangeNote by={lastChange.by} cause={lastChange.cause} />}
          <Button icon={<DownloadOutlined />} onClick={download} disabled={!view} data-testid="board-export">{b.export}</Button>
        </Space>} />
      <BoardTiles figures={figures} alerts={alerts} settings={view?.settings ?? null} showMoney={showMoney}
        active={filter.tile} onPick={pickTile} onAlerts={() => nav('/alerts')} />
      <div className="board-filters">
        <Input.Search allowClear placeholder={b.search} defaultValue={filter.q} key={filter.q ? 'q' : 'no-q'}
          onSearch={(v) => setFilter({ ...filter, q: v.trim() || undefined })} style={{ width: phone ? '100%' : 240 }} data-testid="board-search" />
        <Select allowClear placeholder={b.filterCategory} value={filter.category} style={{ width: phone ? '48%' : 150 }}
          options={categories.map((c) => ({ value: c, label: c }))} onChange={(v) => setFilter({ ...filter, category: v || undefined })} data-testid="board-category" />
        <Select allowClear showSearch optionFilterProp="label" placeholder={b.filterSupplier} value={filter.supplier_id} style={{ width: phone ? '48%' : 160 }}
          options={suppliers.map(([id, name]) => ({ value: id, label: name }))} onChange={(v) => setFilter({ ...filter, supplier_id: v || undefined })} data-testid="board-supplier" />
        <Select allowClear placeholder={b.filterAlert} value={filter.alert} style={{ width: phone ? '48%' : 140 }}
          options={(['order', 'stockout', 'overstock', 'expiry'] as const).map((k) => ({ value: k, label: t.alerts.kind[k] }))}
          onChange={(v) => setFilter({ ...filter, alert: v || undefined })} data-testid="board-alert" />
        {filter.tile && <Tag closable color="blue" onClose={() => setFilter({ ...filter, tile: undefined })} data-testid="board-tile-filter">
          {b.filterTile}: {filter.tile === 'overstock' && !showMoney ? b.tiles.overstockUnits : b.tiles[filter.tile]}</Tag>}
        {hasFilter && <Button type="link" onClick={() => setFilter({})}>{b.clear}</Button>}
        {filter.tile === 'order_today' && can(screenRole('/purchase-orders/suggested')) && (
          <Button onClick={() => nav('/purchase-orders/suggested')} data-testid="board-open-suggested">{b.openSuggested}</Button>)}
        <span className="muted board-count" data-testid="board-count">{b.shown(shown.length.toLocaleString('ko-KR'), rows.length.toLocaleString('ko-KR'))}</span>
      </div>
      {!view && !loading && <Alert type="warning" message={t.errors.unknown} />}
      {phone
        ? <BoardCards rows={shown} filterKey={filterKey} today={today} />
        : <BoardTable rows={shown} showMoney={showMoney} total={rows.length} loading={loading} filterKey={filterKey} today={today} />}
    </div>
  );
}
