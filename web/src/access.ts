// Who may use what, in one place. Each screen names the least role that can use it; the
// menu shows only screens the member can use and the router answers the others with a
// 403 page that names the role. It follows the server's route table (`jaego routes`),
// which stays the authority: the server refuses anything else with 403 whatever the
// screen shows.
import type { Role } from './api';

/** The least role of each screen, by its path's first segment (or the whole path). */
export const SCREEN_ROLE: Record<string, Role> = {
  '/': 'viewer', // 재고 현황, the home board
  '/products': 'viewer',
  '/movements': 'viewer',
  '/suppliers': 'viewer',
  '/events': 'viewer',
  '/purchase-orders': 'viewer',
  '/alerts': 'viewer',
  '/forecasts': 'viewer', // every member reads the runs; starting one is a manager route
  '/reports/accuracy': 'viewer',
  '/reports/actual-vs-forecast': 'viewer',
  '/simulation': 'manager', // 정책 시뮬레이션: POST and GET /api/simulations are manager routes
  '/purchase-orders/suggested': 'manager', // the suggested order sheet prices lines and makes drafts
  '/templates': 'staff', // the stock template download and upload are staff routes
  '/imports': 'viewer',
  '/sales-history': 'viewer', // reading; uploads, apply and undo are manager routes
  '/reports/sales': 'viewer', // units only, never money
  '/members': 'master',
  '/audit': 'master',
  '/settings': 'master',
  '/account': 'viewer',
};

/** The role a path needs: its own screen's, else its first segment's, or viewer. */
export function screenRole(path: string): Role {
  return SCREEN_ROLE[path] || SCREEN_ROLE['/' + (path.split('/')[1] || '')] || 'viewer';
}

/** Who sees purchase costs (매입 단가): the server leaves them out below this role. */
export const COST_ROLE: Role = 'manager';

/** Who reverses any movement; staff reverse only their own, recorded by hand today. */
export const REVERSE_ANY_ROLE: Role = 'manager';
