/** The Function app's entry point (bundled by npm run build:function). */
import { loadGatewayConfig } from './config';
import { createRuntime } from './runtime';
import { registerFunctions } from './adapters/azure-functions';

// Validate configuration at start-up: a bad value stops the app with the variable's name.
const config = loadGatewayConfig();
registerFunctions(createRuntime(config).then((r) => r.gateway));
