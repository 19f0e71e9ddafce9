#!/usr/bin/env node
// The riposte CLI: the build compiled from the current sources (bin/cli-build.mjs), or, if it cannot be
// built, the sources themselves through tsx.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { cliEntry } = await import('./cli-build.mjs');
const entry = await cliEntry().catch((error) => {
  process.stderr.write(`riposte: running from the sources (${error.message})\n`);
  return undefined;
});
if (entry) await import(entry);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./riposte.ts');
}
