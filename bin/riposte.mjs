#!/usr/bin/env node
// The riposte CLI runs from its TypeScript sources: tsx compiles them on load.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('./riposte.ts');
