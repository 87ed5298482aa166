import { Testing } from 'cdktf';
// Brings cdktf's jest matcher types (toHaveResourceWithProperties, …) into the type-check.
import type {} from 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
