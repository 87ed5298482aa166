import { Annotations, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { clearEvaluationMemo } from './util';
import type { Pack, PackId, Rule, RuleResult, StackEvaluation, Suppression } from './rule';

const covers = (s: Suppression, rule: Rule, path: string) => s.ruleId === rule.id && (path === s.path || path.startsWith(`${s.path}/`));

/**
 * Evidence is for the report only: it is gathered the first time it is read (over the same tree the
 * verdict was taken on), so synth pays for checks alone.
 */
function withLazyEvidence(result: RuleResult, gather: () => string[]): void {
  let evidence: string[] | undefined;
  Object.defineProperty(result, 'evidence', { enumerable: true, get: () => (evidence ??= gather()) });
}

/** The synth message of a finding: the rule's label, the problem and the rule id. */
export const messageOf = (rule: Rule, finding: string) => `${rule.label}: ${finding} [${rule.id}]`;

/**
 * The evaluation of one stack: which packs are enabled (with their context), the suppressions, and the
 * results. Synth failures (a validation on each construct) and the compliance report both read `evaluate()`.
 */
export class RuleEngine {
  private static readonly engines = new WeakMap<TerraformStack, RuleEngine>();

  /** The engine of `scope`'s stack. */
  static of(scope: IConstruct): RuleEngine {
    const stack = TerraformStack.of(scope);
    let engine = RuleEngine.engines.get(stack);
    if (!engine) {
      engine = new RuleEngine(stack);
      RuleEngine.engines.set(stack, engine);
    }
    return engine;
  }

  private readonly packs = new Map<PackId, { pack: Pack; ctx: unknown }>();
  private readonly suppressions: Suppression[] = [];
  private readonly attached = new WeakSet<IConstruct>();
  private readonly annotated = new Set<string>();
  private cache?: { evaluation: StackEvaluation; byPath: Map<string, RuleResult[]> };

  private constructor(private readonly stack: TerraformStack) {}

  enable<C>(pack: Pack<C>, ctx: C): void {
    this.packs.set(pack.id, { pack, ctx });
    this.cache = undefined;
  }

  suppress(suppression: Suppression): void {
    if (!suppression.reason?.trim()) throw new Error(`suppression of ${suppression.ruleId} at ${suppression.path} needs a reason`);
    this.suppressions.push(suppression);
    this.cache = undefined;
  }

  /** Adds the validation that reports `node`'s failures at synth (once per construct). */
  attach(node: IConstruct): void {
    if (this.attached.has(node)) return;
    this.attached.add(node);
    node.node.addValidation({
      validate: () => {
        // The stack validates first (pre-order): evaluate afresh, then each construct reads its results.
        if (node === this.stack) this.cache = undefined;
        const results = this.run().byPath.get(node.node.path) ?? [];
        return results.filter((r) => r.status === 'fail' && r.severity === 'error').flatMap((r) => r.findings.map((f) => messageOf(this.rule(r.ruleId), f)));
      },
    });
  }

  /** Every rule of every enabled pack over every construct of the stack. */
  evaluate(): StackEvaluation {
    return this.run().evaluation;
  }

  private rule(id: string): Rule {
    for (const { pack } of this.packs.values()) for (const r of pack.rules) if (r.id === id) return r;
    throw new Error(`unknown rule ${id}`);
  }

  private run(): { evaluation: StackEvaluation; byPath: Map<string, RuleResult[]> } {
    if (this.cache) return this.cache;
    clearEvaluationMemo(this.stack);
    const nodes = this.stack.node.findAll();
    const results: RuleResult[] = [];
    const used = new Set<Suppression>();
    for (const { pack, ctx } of this.packs.values()) {
      for (const rule of pack.rules) {
        let applied = false;
        for (const node of nodes) {
          if (!rule.appliesTo(node)) continue;
          applied = true;
          const path = node.node.path;
          const findings = rule.check(node, ctx).filter((m): m is string => !!m);
          const suppression = findings.length ? this.suppressions.find((s) => covers(s, rule, path)) : undefined;
          if (suppression) used.add(suppression);
          const status = findings.length === 0 ? 'pass' : suppression ? 'suppressed' : 'fail';
          const result: RuleResult = { ruleId: rule.id, pack: pack.id, severity: rule.severity, status, path, findings, ...(suppression ? { suppression } : {}) };
          if (rule.evidence) withLazyEvidence(result, () => rule.evidence!(node, ctx).filter((m): m is string => !!m));
          results.push(result);
          if (status === 'suppressed') this.annotate(node, 'info', `${rule.id} suppressed: ${findings.join('; ')} (reason: ${suppression!.reason})`);
          if (status === 'fail' && rule.severity === 'warning') for (const f of findings) this.annotate(node, 'warning', messageOf(rule, f));
        }
        if (!applied) results.push({ ruleId: rule.id, pack: pack.id, severity: rule.severity, status: 'not-applicable', path: this.stack.node.path, findings: [] });
      }
    }
    const suppressions = this.suppressions.map((s) => ({ ...s, used: used.has(s) }));
    for (const s of suppressions.filter((x) => !x.used)) {
      this.annotate(this.stack, 'warning', `unused suppression: ${s.ruleId} at ${s.path} finds nothing to suppress (reason given: ${s.reason})`);
    }
    const byPath = new Map<string, RuleResult[]>();
    for (const r of results) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
    this.cache = { evaluation: { stack: this.stack.node.id, packs: [...this.packs.keys()], results, suppressions }, byPath };
    return this.cache;
  }

  private annotate(node: IConstruct, level: 'info' | 'warning', message: string): void {
    const key = `${node.node.path}\n${level}\n${message}`;
    if (this.annotated.has(key)) return;
    this.annotated.add(key);
    if (level === 'info') Annotations.of(node).addInfo(message);
    else Annotations.of(node).addWarning(message);
  }
}

/** Enables a pack on every stack it visits: each construct gets the validation that fails synth on its errors. */
export class PackAspect<C> implements IAspect {
  constructor(
    private readonly pack: Pack<C>,
    private readonly ctx: C,
  ) {}

  visit(node: IConstruct): void {
    const engine = RuleEngine.of(node);
    engine.enable(this.pack, this.ctx);
    engine.attach(node);
  }
}

/**
 * Accepts a rule's finding at `scope` (and below it) as a documented exception: it no longer fails synth,
 * and shows in the synth output (info) and in the report with its reason.
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  RuleEngine.of(scope).suppress({ ruleId, path: scope.node.path, reason });
}

/** The evaluation of a stack, as synth saw it. */
export function evaluationOf(stack: TerraformStack): StackEvaluation {
  return RuleEngine.of(stack).evaluate();
}
