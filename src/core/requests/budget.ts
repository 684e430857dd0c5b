/**
 * Monthly budgets: a request that would take the member's or the workspace's confirmed spending
 * this month (requests/spend.ts) over its budget needs an approver even under the threshold.
 * Open and unpaid requests do not count: a budget is about money that moved.
 */
import type { Texts } from '../shared/i18n.ts';
import type { Policy } from '../shared/policy.ts';
import { mentionUser } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { UserRef } from '../shared/types.ts';
import { inTenant } from './queries.ts';
import type { BudgetSnapshot, PaymentRequest } from './request.ts';
import { monthWindow, requestsForWindow, spentBetween } from './spend.ts';

export function budgetsSet(policy: Policy): boolean {
  return policy.memberMonthlyBudgetCents !== undefined || policy.workspaceMonthlyBudgetCents !== undefined;
}

/** This month's spending of `member` and of the workspace; undefined when no budget is set (today's behaviour). */
export async function monthSpend(
  s: EngineServices,
  member: UserRef,
): Promise<Omit<BudgetSnapshot, 'exceeds'> | undefined> {
  if (!budgetsSet(s.policy)) return undefined;
  const window = monthWindow(s.clock.now());
  const requests = (await requestsForWindow(s.requests, window)).filter((r) => inTenant(r, s.tenant));
  const { memberMonthlyBudgetCents: memberBudget, workspaceMonthlyBudgetCents: workspaceBudget } = s.policy;
  return {
    memberSpentCents: spentBetween(requests, { ...window, memberId: member.id }),
    ...(memberBudget !== undefined ? { memberBudgetCents: memberBudget } : {}),
    workspaceSpentCents: spentBetween(requests, window),
    ...(workspaceBudget !== undefined ? { workspaceBudgetCents: workspaceBudget } : {}),
  };
}

/** The snapshot a new request of `amountCents` carries, with the budget it would exceed (the member's first). */
export async function budgetFor(
  s: EngineServices,
  member: UserRef,
  amountCents: number,
): Promise<BudgetSnapshot | undefined> {
  const spend = await monthSpend(s, member);
  if (!spend) return undefined;
  const over = (spent: number, budget: number | undefined) => budget !== undefined && spent + amountCents > budget;
  const exceeds = over(spend.memberSpentCents, spend.memberBudgetCents)
    ? 'member'
    : over(spend.workspaceSpentCents, spend.workspaceBudgetCents)
      ? 'workspace'
      : undefined;
  return { ...spend, ...(exceeds ? { exceeds } : {}) };
}

/** "spent this month: $X of $Y" for each budget set (the card, /ml-balance). */
export function spendLines(
  t: Texts,
  b: Omit<BudgetSnapshot, 'exceeds'>,
  whose: string,
  options: { readonly member?: boolean } = {},
): string[] {
  const lines: string[] = [];
  if (b.memberBudgetCents !== undefined && options.member !== false)
    lines.push(
      t.t('requests.spend_line', { whose, spent: t.money(b.memberSpentCents), budget: t.money(b.memberBudgetCents) }),
    );
  if (b.workspaceBudgetCents !== undefined)
    lines.push(
      t.t('requests.spend_workspace', {
        spent: t.money(b.workspaceSpentCents),
        budget: t.money(b.workspaceBudgetCents),
      }),
    );
  return lines;
}

/** Why a request under the threshold still needs an approver: the budget it would exceed. */
export function budgetReason(t: Texts, request: PaymentRequest): string | undefined {
  const b = request.budget;
  if (!b?.exceeds) return undefined;
  if (b.exceeds === 'member')
    return t.t('requests.budget_member', {
      who: mentionUser(request.requester.id),
      spent: t.money(b.memberSpentCents),
      budget: t.money(b.memberBudgetCents ?? 0),
    });
  return t.t('requests.budget_workspace', {
    spent: t.money(b.workspaceSpentCents),
    budget: t.money(b.workspaceBudgetCents ?? 0),
  });
}
