export * from './governor';
export * from './pricing';
export * from './tokens';
export * from './store';
export { MemoryBudgetStore } from './memory-store';
export { RedisBudgetStore, type RedisBudgetStoreOptions } from './redis-store';
export { windowFor, type WindowKind, type BudgetWindow } from './windows';
