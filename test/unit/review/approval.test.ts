import { describe, expect, it } from 'vitest';
import { DEFAULT_APPROVAL_CHAIN, ReviewError, checkDecision, computeApprovalStatus, type Decision, type DecisionCheck } from '../../../shared/domain/index.ts';

const chain = DEFAULT_APPROVAL_CHAIN;
const [first, second, third] = chain.map((s) => s.id) as [string, string, string];
let n = 0;
const decision = (stage: string, kind: Decision['decision'] = 'approve'): Decision => {
  n += 1;
  return {
    id: `d${n}`,
    projectId: 'p',
    versionId: 'v',
    sequence: n,
    stage,
    decision: kind,
    note: '',
    reviewer: { role: 'reviewer', label: 'x', inviteId: null },
    qcOverrideReason: null,
    at: '2026-11-01T00:00:00Z',
  };
};
const status = (decisions: Decision[]) => computeApprovalStatus({ versionId: 'v', chain, decisions });
const check = (over: Partial<DecisionCheck>) => () =>
  checkDecision({
    status: status([]),
    chain,
    stage: first,
    decision: 'approve',
    actor: { role: 'reviewer', stage: first },
    qc: 'pass',
    isLatestVersion: true,
    ...over,
  });
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewError);
    return (error as ReviewError).code;
  }
};

describe('the approval chain', () => {
  it('opens the first stage of a version with no decisions (a new version starts the chain again)', () => {
    n = 0;
    expect(status([])).toMatchObject({
      state: 'pending',
      nextStage: first,
      sequence: 0,
      stages: [{ state: 'open' }, { state: 'waiting' }, { state: 'waiting' }],
    });
  });

  it('walks the stages in order and is approved when the last one signs', () => {
    n = 0;
    const d = [decision(first), decision(second)];
    expect(status(d)).toMatchObject({ state: 'pending', nextStage: third, sequence: 2 });
    expect(status([...d, decision(third)])).toMatchObject({ state: 'approved', nextStage: null });
  });

  it("stops at a request for changes, and the stage's latest decision counts", () => {
    n = 0;
    const asked = [decision(first), decision(second, 'request-changes')];
    expect(status(asked)).toMatchObject({
      state: 'changes-requested',
      nextStage: second,
      stages: [{ state: 'approved' }, { state: 'changes-requested' }, { state: 'waiting' }],
    });
    expect(status([...asked, decision(second)])).toMatchObject({ state: 'pending', nextStage: third });
  });

  it('refuses a stage before the previous one approved, another stage, an old version, a finished chain', () => {
    n = 0;
    expect(codeOf(check({ stage: second, actor: { role: 'reviewer', stage: second } }))).toBe('STAGE_OUT_OF_ORDER');
    expect(codeOf(check({ stage: second }))).toBe('WRONG_STAGE');
    expect(codeOf(check({ stage: 'khac', actor: { role: 'admin', stage: null } }))).toBe('UNKNOWN_STAGE');
    expect(codeOf(check({ isLatestVersion: false }))).toBe('NOT_LATEST_VERSION');
    const done = status([decision(first), decision(second), decision(third)]);
    expect(codeOf(check({ status: done, actor: { role: 'admin', stage: null } }))).toBe('VERSION_ALREADY_APPROVED');
    expect(codeOf(check({}))).toBeNull();
  });

  it('lets a failing or missing QC block approval but not a request for changes; only an admin overrides, with a reason', () => {
    expect(codeOf(check({ qc: 'fail' }))).toBe('QC_BLOCKS_APPROVAL');
    expect(codeOf(check({ qc: 'missing' }))).toBe('QC_BLOCKS_APPROVAL');
    expect(codeOf(check({ qc: 'warn' }))).toBeNull();
    expect(codeOf(check({ qc: 'fail', decision: 'request-changes' }))).toBeNull();
    expect(codeOf(check({ qc: 'fail', qcOverrideReason: 'đã kiểm tra' }))).toBe('QC_OVERRIDE_NOT_ALLOWED');
    expect(codeOf(check({ qc: 'fail', qcOverrideReason: 'đã kiểm tra', actor: { role: 'admin', stage: null } }))).toBeNull();
  });
});
