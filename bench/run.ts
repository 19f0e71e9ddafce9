// npm run bench -- <name>: run one benchmark from bench/<name>.ts (not part of the tests).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const BENCHES = ['contain', 'campaign', 'botnet-burst', 'detect-throughput'];
const name = process.argv[2];
if (!name || !BENCHES.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${BENCHES.join('|')}>\n`);
  process.exit(2);
}
await import(`./${name}.ts`);
