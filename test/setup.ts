import { Testing } from 'cdktf';
// Brings cdktf's jest matcher types (toHaveResourceWithProperties, …) into the type-check.
import type {} from 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

// Date-dependent config checks (model lifecycle, budget start) run on a fixed day, never on the clock.
process.env.LZ_TODAY = '2026-12-02';
