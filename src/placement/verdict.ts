// What a filter says about one instance. Verdicts are shared constants: checking thousands
// of instances allocates nothing.
import type { FailureReason, PortsCause } from './failure-reason.ts';

export type Verdict = { ok: true } | { ok: false; reason: FailureReason; portsCause?: PortsCause };

export const PASS: Verdict = Object.freeze({ ok: true });

const rejections = new Map<string, Verdict>();

export function reject(reason: FailureReason, portsCause?: PortsCause): Verdict {
  const key = `${reason}|${portsCause ?? ''}`;
  let verdict = rejections.get(key);
  if (verdict === undefined) {
    verdict = Object.freeze(portsCause === undefined ? { ok: false as const, reason } : { ok: false as const, reason, portsCause });
    rejections.set(key, verdict);
  }
  return verdict;
}
