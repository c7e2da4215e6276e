// The floors of the house (ARCHITECTURE.md): arrows only point down.
//   entry:        src/main.ts, src/runtime.ts, src/context.ts (composition root)
//   doors:        src/slack (listeners, app), src/scim, src/http, src/jobs
//   presentation: src/slack/blocks, src/slack/forms, src/slack/ids.ts
//   services:     src/services/<feature>/
//   ground:       src/domain, src/meta, src/queue, src/lib, src/config.ts, db/
const PRESENTATION = '^src/slack/(blocks|forms)/|^src/slack/ids[.]ts$';
const DOORS = '^src/(jobs|scim|http)/|^src/slack/';
const ENTRY = '^src/(main|runtime|context)[.]ts$';
const GROUND = '^src/(domain|meta|queue|lib)/|^src/config[.]ts$|^db/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one; break it by moving what both need one floor down.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'entry-is-the-top',
      severity: 'error',
      comment: 'Only the entry builds and starts things; below it, take the context type (import type), never the module.',
      from: { path: '^(src|db)/', pathNot: ENTRY },
      to: { path: ENTRY, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'context-imports-no-door',
      severity: 'error',
      comment: 'The composition root builds shared dependencies; doors are started by runtime.ts.',
      from: { path: '^src/context[.]ts$' },
      to: { path: DOORS, pathNot: PRESENTATION },
    },
    {
      name: 'doors-do-not-lean-on-each-other',
      severity: 'error',
      comment: 'Slack, SCIM, HTTP and job processors each call services; what two doors share belongs in a service.',
      from: { path: '^src/(jobs|scim|http|slack)/', pathNot: PRESENTATION },
      to: { path: DOORS, pathNot: [PRESENTATION, '^src/$1/'] },
    },
    {
      name: 'doors-run-no-sql',
      severity: 'error',
      comment: 'Listeners, processors and routes call a service; tables are read and written in services.',
      from: { path: DOORS, pathNot: PRESENTATION },
      to: { path: ['^db/schema[.]ts$', '^node_modules/drizzle-orm/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'presentation-renders-only',
      severity: 'error',
      comment: 'Block builders and forms render view models; they call no door and no I/O.',
      from: { path: PRESENTATION },
      to: { path: [DOORS, '^db/', '^src/(meta|queue)/'], pathNot: PRESENTATION, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-do-not-reach-up',
      severity: 'error',
      comment: 'Services are called by doors; they never import a door or presentation. Rendering comes in through ctx.views.',
      from: { path: '^src/services/' },
      to: { path: [DOORS, PRESENTATION] },
    },
    {
      name: 'ground-floor-stays-down',
      severity: 'error',
      comment: 'The domain, the Graph client, the queue registry, db and lib know nothing of services or doors.',
      from: { path: GROUND },
      to: { path: ['^src/services/', DOORS, PRESENTATION] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'Rules are plain functions over plain data: the domain imports nothing of ours but types.',
      from: { path: '^src/domain/' },
      to: { path: '^(src|db)/', pathNot: '^src/domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-loose-services',
      severity: 'error',
      comment: 'Every service lives in its feature folder: src/services/<feature>/<file>.ts.',
      from: { path: '^src/' },
      to: { path: '^src/services/[^/]+[.]ts$' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|test|bench)/' },
  },
};
